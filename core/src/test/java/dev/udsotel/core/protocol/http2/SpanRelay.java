package dev.udsotel.core.protocol.http2;

import dev.udsotel.core.conversation.ConversationTracker;
import dev.udsotel.core.protocol.ProtocolDecoders;
import dev.udsotel.core.protocol.TrackedRelay;
import dev.udsotel.core.redaction.Redaction;
import dev.udsotel.core.span.CollectingExporter;
import dev.udsotel.core.span.ExchangeSpans;
import dev.udsotel.core.span.MonotonicClock;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A {@link TrackedRelay} between real peers whose tracker feeds a real span builder: the client's spans. */
final class SpanRelay implements AutoCloseable {
    private final CollectingExporter collected = new CollectingExporter();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(collected))
            .build();
    private final TrackedRelay relay;

    SpanRelay(Path listenAt, Path upstream, int captureLimit) throws IOException {
        ConversationTracker tracker = new ConversationTracker(
                new ExchangeSpans(
                        process -> provider.get("relay"),
                        ProtocolDecoders.standard(),
                        Redaction.DEFAULT,
                        new MonotonicClock()),
                3_600_000_000_000L,
                256);
        this.relay = new TrackedRelay(listenAt, upstream, "client", tracker, captureLimit);
    }

    /** The spans of every conversation so far, once those conversations have ended. */
    List<SpanData> awaitSpans() throws InterruptedException {
        relay.awaitConversations();
        return List.copyOf(collected.spans);
    }

    @Override
    public void close() throws IOException {
        relay.close();
        provider.close();
    }
}
