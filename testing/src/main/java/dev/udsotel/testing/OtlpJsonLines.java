package dev.udsotel.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the spans out of a process's output when it exported with {@code OTEL_TRACES_EXPORTER=logging-otlp}
 * (or the stdout OTLP exporter): each line that holds an OTLP/JSON trace object, possibly after a log prefix
 * such as {@code "INFO: "}, yields its spans; every other line is ignored.
 */
public final class OtlpJsonLines {

    private OtlpJsonLines() {}

    /** The spans found in {@code output}, in the order they were printed. */
    public static List<ReceivedSpan> parse(String output) {
        List<ReceivedSpan> spans = new ArrayList<>();
        for (String line : output.split("\\R")) {
            spans.addAll(parseLine(line));
        }
        return List.copyOf(spans);
    }

    /** The spans in one line, or none when the line is not OTLP/JSON trace data. */
    public static List<ReceivedSpan> parseLine(String line) {
        int start = line.indexOf('{');
        if (start < 0 || !(line.contains("\"resourceSpans\"") || line.contains("\"scopeSpans\""))) {
            return List.of();
        }
        Object json;
        try {
            json = Json.parse(line.substring(start));
        } catch (IllegalArgumentException notJson) {
            return List.of();
        }
        if (!(json instanceof Map<?, ?> map)) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) map;
        return ProtoSpans.from(OtlpJson.request(object));
    }
}
