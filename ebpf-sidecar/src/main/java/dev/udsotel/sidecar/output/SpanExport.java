package dev.udsotel.sidecar.output;

import dev.udsotel.core.conversation.CausalOrder;
import dev.udsotel.core.conversation.ConversationTracker;
import dev.udsotel.core.export.ExportSettings;
import dev.udsotel.core.export.TelemetryExport;
import dev.udsotel.core.protocol.ProtocolDecoders;
import dev.udsotel.core.protocol.Redaction;
import dev.udsotel.core.span.ExchangeSpans;
import dev.udsotel.core.span.MonotonicClock;
import java.util.Map;

/**
 * Spans: events go through core's conversation tracker, and exchanges leave through the OTEL_* configured
 * exporter with one resource per traced process.
 */
public final class SpanExport implements EventSink {
    static final String INSTRUMENTATION = "dev.udsotel.sidecar";
    /** A conversation quiet this long after its response began has finished its exchange. */
    static final long IDLE_GAP_NANOS = 500_000_000L;
    /** Only metrics and logs are off by default: this tool makes traces, and nothing listens for the rest. */
    private static final Map<String, String> DEFAULTS = Map.of(
            "otel.metrics.exporter", "none",
            "otel.logs.exporter", "none");

    private final TelemetryExport export;
    private final MonotonicClock clock = new MonotonicClock();
    private final ConversationTracker tracker;
    /** The ring buffer orders events by syscall exit; a short window restores the order the bytes moved in. */
    private final CausalOrder order = new CausalOrder(20_000_000L);

    public SpanExport(int captureLimit) {
        this.export = TelemetryExport.start(new ExportSettings(INSTRUMENTATION, null, DEFAULTS));
        this.tracker = new ConversationTracker(
                new ExchangeSpans(export, new ProtocolDecoders(), Redaction.DEFAULT, clock), IDLE_GAP_NANOS, captureLimit);
    }

    @Override
    public void accept(TracedEvent event) {
        order.add(event.io());
        order.release(System.nanoTime(), tracker::onEvent);
    }

    /** A dropped event is not known to belong to any one connection: no open exchange may span the hole. */
    @Override
    public void eventsLost() {
        order.releaseAll(tracker::onEvent);
        tracker.discardAllOpen();
    }

    /** Ends exchanges that went quiet, so their spans leave while the capture goes on. */
    @Override
    public void flush() {
        clock.refresh();
        order.release(System.nanoTime(), tracker::onEvent);
        tracker.flushIdle(System.nanoTime());
    }

    @Override
    public void close() {
        order.releaseAll(tracker::onEvent);
        tracker.flushAll();
        export.close();
    }
}
