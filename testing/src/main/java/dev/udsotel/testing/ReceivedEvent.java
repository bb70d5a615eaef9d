package dev.udsotel.testing;

import java.util.Map;

/** One span event as it arrived over OTLP; attribute values as in {@link ReceivedSpan}. */
public record ReceivedEvent(String name, long epochNanos, Map<String, Object> attributes) {
    public ReceivedEvent {
        attributes = Map.copyOf(attributes);
    }

    /** The attribute's value, or null when the event does not carry it. */
    public Object attribute(String key) {
        return attributes.get(key);
    }
}
