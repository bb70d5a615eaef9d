package dev.udsotel.agent.it;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time of each span's {@code uds.first_response_byte} event, read from OTLP/JSON lines
 * ({@code OTEL_TRACES_EXPORTER=logging-otlp}), because the receiver's decoded spans carry no events.
 */
final class FirstByteEvents {
    private static final Pattern SPAN_ID = Pattern.compile("\"spanId\":\"([0-9a-f]{16})\"");
    private static final Pattern EVENT =
            Pattern.compile("\\{\"timeUnixNano\":\"(\\d+)\",\"name\":\"uds\\.first_response_byte\"");

    private FirstByteEvents() {}

    /** Span id to the event's epoch nanos, for every span in {@code output} that has the event. */
    static Map<String, Long> in(String output) {
        Map<String, Long> times = new HashMap<>();
        for (String line : output.split("\\R")) {
            Matcher span = SPAN_ID.matcher(line);
            int start = span.find() ? span.start() : -1;
            while (start >= 0) {
                String id = span.group(1);
                int end = span.find() ? span.start() : line.length();
                Matcher event = EVENT.matcher(line.substring(start, end));
                if (event.find()) {
                    times.put(id, Long.parseLong(event.group(1)));
                }
                start = end < line.length() ? end : -1;
            }
        }
        return times;
    }
}
