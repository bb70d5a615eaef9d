package dev.udsotel.bench;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The OpenTelemetry SDK's own share of a span: the spans core builds for one kind of exchange, read back once, then
 * rebuilt straight through the SDK's span builder, attribute by attribute as core sets them, and ended, with nothing
 * decoded, redacted or tracked. Core's cost per span is this floor plus its own work.
 */
final class SdkSpanFloor {
    private final List<SpanData> spans;
    private final Tracer tracer;

    SdkSpanFloor(String kind, int bytes) {
        List<SpanData> ended = new ArrayList<>();
        SdkTracerProvider recording = SdkTracerProvider.builder()
                .addSpanProcessor(new Recorder(ended))
                .build();
        SpanCostWorkload workload = new SpanCostWorkload(kind, bytes, process -> recording.get("dev.udsotel"));
        for (int i = 0; i < 3; i++) {
            workload.roundTrip();
        }
        workload.close();
        recording.close();
        // the steady state: the last round trip's two spans
        this.spans = List.copyOf(ended.subList(ended.size() - SpanCostWorkload.SPANS_PER_ROUND_TRIP, ended.size()));
        // as with the exporter none: a provider with no processor
        this.tracer = SdkTracerProvider.builder().build().get("dev.udsotel");
    }

    /** The attributes each span carries, to show what is rebuilt. */
    int attributesPerSpan() {
        return spans.get(0).getAttributes().size();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    void rebuild() {
        for (SpanData data : spans) {
            SpanBuilder builder = tracer.spanBuilder(data.getName())
                    .setSpanKind(data.getKind())
                    .setParent(Context.root())
                    .setStartTimestamp(data.getStartEpochNanos(), TimeUnit.NANOSECONDS);
            data.getAttributes().forEach((key, value) -> builder.setAttribute((AttributeKey) key, value));
            builder.startSpan().end(data.getEndEpochNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private record Recorder(List<SpanData> ended) implements SpanProcessor {
        @Override
        public void onStart(Context parent, ReadWriteSpan span) {}

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
            ended.add(span.toSpanData());
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }
    }
}
