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
 */
public final class ExportCounts {
    private final LongAdder ended = new LongAdder();
    private final LongAdder exported = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile boolean exporting;

    /** A sampled span was ended and handed to the SDK; not counted when no exporter is configured (`none`). */
    public void ended() {
        if (exporting) {
            ended.increment();
        }
    }

    /** Whether any span went unexported so far. */
    public boolean anyLost() {
        return failedSpans() > 0 || unaccountedSpans() > 0;
    }

    public long endedSpans() { return ended.sum(); }
    public long exportedSpans() { return exported.sum(); }
    public long failedSpans() { return failed.sum(); }

    /** Spans ended but neither exported nor failed: dropped by a full batch queue, or still waiting in it. */
    public long unaccountedSpans() {
        return Math.max(0, ended.sum() - exported.sum() - failed.sum());
    }

    public String summary() {
        return endedSpans() + " spans ended, " + exportedSpans() + " exported, " + failedSpans() + " failed to export, "
                + unaccountedSpans() + " dropped or pending in the SDK's queue";
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
