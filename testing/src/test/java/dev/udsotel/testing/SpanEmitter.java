package dev.udsotel.testing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.List;

/**
 * A child-JVM fixture: exports a SERVER span with a CLIENT child through the SDK as configured by OTEL_* variables.
 * With "linger" it then waits to be stopped, so only the shutdown hook flushes the spans.
 */
public final class SpanEmitter {

    public static void main(String[] args) throws InterruptedException {
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.initialize().getOpenTelemetrySdk();
        Tracer tracer = sdk.getTracer("span-emitter");
        Span parent = tracer.spanBuilder("emitter.parent")
                .setSpanKind(SpanKind.SERVER)
                .setAllAttributes(Attributes.builder()
                        .put("text", "hello \"quoted\" \u00e9")
                        .put("count", 42L)
                        .put("ratio", 0.5)
                        .put("flag", true)
                        .put(AttributeKey.stringArrayKey("words"), List.of("a", "b"))
                        .build())
                .startSpan();
        try (Scope ignored = parent.makeCurrent()) {
            Span child = tracer.spanBuilder("emitter.child")
                    .setSpanKind(SpanKind.CLIENT)
                    .startSpan();
            child.setStatus(StatusCode.ERROR, "it broke");
            child.end();
        } finally {
            parent.end();
        }
        System.out.println("emitted trace " + parent.getSpanContext().getTraceId());
        if (args.length > 0 && args[0].equals("linger")) {
            Thread.sleep(60_000);
        }
        sdk.close();
    }
}
