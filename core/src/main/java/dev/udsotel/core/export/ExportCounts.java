package dev.udsotel.core.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what became of the spans handed to the exporters, so losses are reported rather than silent: spans the
 * exporter delivered, spans it failed to deliver (endpoint down, hanging, answering 5xx), and, by difference with
 * the sampled spans ended, spans the SDK's batch queue dropped before export.
 *
 * <p>It also keeps the SDK's queue from dropping at all: while as many spans are ended and not yet delivered or
 * failed as the batch queue holds ({@code OTEL_BSP_MAX_QUEUE_SIZE}), {@link #hasRoom()} says no, and the span
 * builder sheds whole exchanges instead, counted by {@link #shedForRoom()} (their metrics are still recorded).
 */
public final class ExportCounts {
    /** The SDK's default batch queue size. */
    static final int DEFAULT_QUEUE_SIZE = 2048;

    private final LongAdder ended = new LongAdder();
    private final LongAdder exported = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile long shedForRoom;
    private volatile boolean exporting;
    private volatile int queueSize = DEFAULT_QUEUE_SIZE;

    /** A sampled span was ended and handed to the SDK; not counted when no exporter is configured (`none`). */
    public void ended() {
        if (exporting) {
            ended.increment();
        }
    }

    /** Whether any span went unexported so far. */
    public boolean anyLost() {
        return failedSpans() > 0 || unaccountedSpans() > 0 || shedForRoom > 0;
    }

    /**
     * Whether one more span fits in the SDK's batch queue for certain: fewer spans are waiting for their export's
     * outcome than the queue holds (those in the batch being sent are counted too, so this errs on the safe side).
     */
    public boolean hasRoom() {
        return !exporting || ended.sum() - exported.sum() - failed.sum() < queueSize;
    }

    /** An exchange was not turned into a span because the SDK's queue had no room (called by the one span builder). */
    public void shedForWantOfRoom() {
        shedForRoom++;
    }

    /** Exchanges not turned into spans because the SDK's queue had no room. */
    public long shedForRoom() {
        return shedForRoom;
    }

    void queueSize(int spans) {
        queueSize = Math.max(1, spans);
    }

    public long endedSpans() {
        return ended.sum();
    }

    public long exportedSpans() {
        return exported.sum();
    }

    public long failedSpans() {
        return failed.sum();
    }

    /** Spans ended but neither exported nor failed: dropped by a full batch queue, or still waiting in it. */
    public long unaccountedSpans() {
        return Math.max(0, ended.sum() - exported.sum() - failed.sum());
    }

    public String summary() {
        return endedSpans() + " spans ended, " + exportedSpans() + " exported, " + failedSpans() + " failed to export, "
                + unaccountedSpans() + " dropped or pending in the SDK's queue, " + shedForRoom
                + " exchanges shed for room in the SDK's queue";
    }

    SpanExporter counting(SpanExporter delegate) {
        exporting = true;
        return new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                int size = spans.size();
                CompletableResultCode result = delegate.export(spans);
                result.whenComplete(() -> (result.isSuccess() ? exported : failed).add(size));
                return result;
            }

            @Override
            public CompletableResultCode flush() {
                return delegate.flush();
            }

            @Override
            public CompletableResultCode shutdown() {
                return delegate.shutdown();
            }

            @Override
            public String toString() {
                return delegate.toString();
            }
        };
    }
}
