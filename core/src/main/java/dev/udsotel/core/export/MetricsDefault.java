package dev.udsotel.core.export;

import java.util.Arrays;
import java.util.Map;

/**
 * The metrics exporter when {@code OTEL_METRICS_EXPORTER} is not set: OTLP when the traces go over OTLP (the
 * standard default), none when they go to the console, a file or nowhere, so such a run does not start sending
 * metrics to an endpoint nobody asked for. {@code OTEL_METRICS_EXPORTER} (or {@code otel.metrics.exporter}) always wins.
 */
final class MetricsDefault {
    private MetricsDefault() {}

    static String follow(Map<String, String> defaults) {
        return follow(System.getProperty("otel.traces.exporter", System.getenv("OTEL_TRACES_EXPORTER")), defaults);
    }

    static String follow(String tracesExporter, Map<String, String> defaults) {
        String traces = tracesExporter != null ? tracesExporter : defaults.getOrDefault("otel.traces.exporter", "otlp");
        return Arrays.stream(traces.split(",")).map(String::trim).anyMatch("otlp"::equals) ? "otlp" : "none";
    }
}
