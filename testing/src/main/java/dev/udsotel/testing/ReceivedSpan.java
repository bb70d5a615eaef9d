package dev.udsotel.testing;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One span as it arrived over OTLP, decoded into plain values so tests can assert on what was really exported.
 *
 * <p>Attribute values are {@code String}, {@code Long}, {@code Double}, {@code Boolean}, an immutable
 * {@code List} of those (array values), an immutable {@code Map} (kvlist values) or a {@code byte[]} copy.
 * Ids are lower-case hex; {@code parentSpanId} is empty for a root span. {@code kind} is one of INTERNAL,
 * SERVER, CLIENT, PRODUCER, CONSUMER (or UNSPECIFIED); {@code statusCode} is UNSET, OK or ERROR. {@code events}
 * are the span's events in the order the span recorded them.
 */
public record ReceivedSpan(
        String name,
        String kind,
        String traceId,
        String spanId,
        String parentSpanId,
        long startEpochNanos,
        long endEpochNanos,
        Map<String, Object> attributes,
        Map<String, Object> resourceAttributes,
        String statusCode,
        String statusMessage,
        String scopeName,
        List<ReceivedEvent> events) {

    public ReceivedSpan {
        attributes = Map.copyOf(attributes);
        resourceAttributes = Map.copyOf(resourceAttributes);
        events = List.copyOf(events);
    }

    /** The span's events with this name, in recorded order. */
    public List<ReceivedEvent> events(String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    /** The attribute's value, or null when the span does not carry it. */
    public Object attribute(String key) {
        return attributes.get(key);
    }

    /** The attribute as a string, or null when absent; fails when it is present with another type. */
    public String stringAttribute(String key) {
        return typed(key, String.class);
    }

    /** The attribute as a long, or null when absent; fails when it is present with another type. */
    public Long longAttribute(String key) {
        return typed(key, Long.class);
    }

    /** Whether the span carries {@code key} with exactly {@code value} (a Long for integers, not an Integer). */
    public boolean hasAttribute(String key, Object value) {
        return value.equals(attributes.get(key));
    }

    /** The resource attribute's value, or null; service.name lives here. */
    public Object resourceAttribute(String key) {
        return resourceAttributes.get(key);
    }

    public boolean isRoot() {
        return parentSpanId.isEmpty();
    }

    public boolean isChildOf(ReceivedSpan parent) {
        return traceId.equals(parent.traceId) && parentSpanId.equals(parent.spanId);
    }

    public long durationNanos() {
        return endEpochNanos - startEpochNanos;
    }

    /** One line for failure messages: name, kind, ids and the attributes, long values shortened. */
    public String describe() {
        String attrs = attributes.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + shorten(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
        return String.format(
                "'%s' %s trace=%s span=%s parent=%s status=%s %s",
                name, kind, traceId, spanId, parentSpanId.isEmpty() ? "-" : parentSpanId, statusCode, attrs);
    }

    private <T> T typed(String key, Class<T> type) {
        Object value = attributes.get(key);
        if (value == null) {
            return null;
        }
        if (!type.isInstance(value)) {
            throw new AssertionError("attribute " + key + " of span '" + name + "' is a "
                    + value.getClass().getSimpleName() + " (" + value + "), not a " + type.getSimpleName());
        }
        return type.cast(value);
    }

    private static String shorten(Object value) {
        String text = value instanceof String
                ? "\"" + value + "\""
                : value instanceof byte[] bytes
                        ? "0x" + java.util.HexFormat.of().formatHex(bytes)
                        : String.valueOf(value);
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /** Matches spans with this name, for {@link OtlpReceiver#awaitSpans}. */
    public static Predicate<ReceivedSpan> named(String name) {
        return span -> span.name.equals(name);
    }

    /** Matches spans of this kind (SERVER, CLIENT ...). */
    public static Predicate<ReceivedSpan> ofKind(String kind) {
        return span -> span.kind.equals(kind);
    }

    /** Matches spans carrying {@code key} with exactly {@code value} (a Long for integers). */
    public static Predicate<ReceivedSpan> withAttribute(String key, Object value) {
        return span -> span.hasAttribute(key, value);
    }

    /** Lists the spans one per line, for the message of a failed expectation. */
    public static String describeAll(List<ReceivedSpan> spans) {
        if (spans.isEmpty()) {
            return "  (no spans)";
        }
        int limit = 60;
        String listed =
                spans.stream().limit(limit).map(s -> "  " + s.describe()).collect(Collectors.joining("\n"));
        return spans.size() > limit ? listed + "\n  ... and " + (spans.size() - limit) + " more" : listed;
    }
}
