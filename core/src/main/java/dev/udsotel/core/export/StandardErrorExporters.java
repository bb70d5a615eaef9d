package dev.udsotel.core.export;

import io.opentelemetry.exporter.logging.otlp.internal.traces.OtlpStdoutSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * The SDK's {@code console} and {@code logging-otlp} exporters write through java.util.logging, whose own shutdown
 * hook removes its handlers, so the spans flushed as the traced process exits would vanish. These replacements write
 * the same content straight to standard error.
 */
final class StandardErrorExporters {
    private StandardErrorExporters() {}

    static SpanExporter replaceLogging(SpanExporter configured) {
        return switch (configured.getClass().getSimpleName()) {
            case "LoggingSpanExporter" -> new ConsoleSpanExporter(System.err);
            case "OtlpJsonLoggingSpanExporter" ->
                OtlpStdoutSpanExporter.builder()
                        .setOutput(System.err)
                        .setWrapperJsonObject(true)
                        .build();
            default -> configured;
        };
    }
}
