package dev.udsotel.core.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.ServiceAttributes;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * OTEL_TRACES_EXPORTER=console, made for people: a few lines per span on standard error. It writes directly rather
 * than through java.util.logging, whose shutdown hook would otherwise swallow the spans flushed at exit.
 */
public final class ConsoleSpanExporter implements SpanExporter {
    private static final AttributeKey<String> PATH = NetworkAttributes.NETWORK_PEER_ADDRESS;
    private static final AttributeKey<String> CONNECTION = AttributeKey.stringKey("uds.connection.id");
    private static final AttributeKey<String> REQUEST = AttributeKey.stringKey("uds.request.preview");
    private static final AttributeKey<String> RESPONSE = AttributeKey.stringKey("uds.response.preview");
    private static final AttributeKey<Long> REQUEST_BYTES = AttributeKey.longKey("uds.request.bytes");
    private static final AttributeKey<Long> RESPONSE_BYTES = AttributeKey.longKey("uds.response.bytes");

    private final PrintStream out;

    public ConsoleSpanExporter(PrintStream out) {
        this.out = out;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        StringBuilder text = new StringBuilder();
        for (SpanData span : spans) {
            format(span, text);
        }
        synchronized (out) {
            out.print(text);
            out.flush();
        }
        return CompletableResultCode.ofSuccess();
    }

    static void format(SpanData span, StringBuilder text) {
        double millis = (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6;
        text.append(String.format(
                Locale.ROOT,
                "[uds] %-40s %-6s %9.3f ms  %s%n",
                span.getName(),
                span.getKind(),
                millis,
                span.getResource().getAttribute(ServiceAttributes.SERVICE_NAME)));
        text.append("      trace ").append(span.getTraceId()).append(" span ").append(span.getSpanId());
        if (span.getParentSpanContext().isValid()) {
            text.append(" parent ").append(span.getParentSpanId());
        }
        if (span.getStatus().getStatusCode() == io.opentelemetry.api.trace.StatusCode.ERROR) {
            text.append("  ERROR ").append(span.getStatus().getDescription());
        }
        text.append(System.lineSeparator());
        var attributes = span.getAttributes();
        String path = attributes.get(PATH);
        if (path != null) {
            text.append("      ").append(path).append("  connection ").append(attributes.get(CONNECTION));
            Long sent = attributes.get(REQUEST_BYTES);
            Long received = attributes.get(RESPONSE_BYTES);
            if (sent != null) {
                text.append("  request ")
                        .append(sent)
                        .append(" B  response ")
                        .append(received)
                        .append(" B");
            }
            text.append(System.lineSeparator());
        }
        preview(text, "  > ", attributes.get(REQUEST));
        preview(text, "  < ", attributes.get(RESPONSE));
        Map<String, Object> rest = new TreeMap<>();
        attributes.forEach((key, value) -> {
            String name = key.getKey();
            if (!name.startsWith("uds.") && !name.startsWith("network.") && !name.equals("server.address")) {
                rest.put(name, value);
            }
        });
        if (!rest.isEmpty()) {
            text.append("      ").append(rest).append(System.lineSeparator());
        }
    }

    private static void preview(StringBuilder text, String arrow, String preview) {
        if (preview != null) {
            text.append("    ").append(arrow).append(preview).append(System.lineSeparator());
        }
    }

    @Override
    public CompletableResultCode flush() {
        out.flush();
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return flush();
    }
}
