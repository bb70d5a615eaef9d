package dev.udsotel.sidecar.cli;

import dev.udsotel.sidecar.output.CaptureStats;
import dev.udsotel.sidecar.output.EventSink;
import dev.udsotel.sidecar.output.PayloadRedaction;
import dev.udsotel.sidecar.output.Summary;
import dev.udsotel.sidecar.output.TracedEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * Runs one capture: polls the source, filters, applies the redaction policy, feeds every sink, prints progress,
 * and on stop writes out what is pending and prints the summary.
 */
final class TraceSession {
    private static final int POLL_MILLIS = 100;
    private static final long FLUSH_NANOS = 200_000_000L;
    /** How long a stop may spend on what the ring buffer still holds, while traffic goes on. */
    private static final long DRAIN_NANOS = 10_000_000_000L;
    /** A drain longer than this says so, and how to skip it. */
    private static final long DRAIN_NOTICE_NANOS = 1_000_000_000L;

    private final EventSource source;
    private final EventFilter filter;
    private final List<EventSink> sinks;
    private final PayloadRedaction redaction;
    private long dropsSeen;
    private final CaptureStats stats = new CaptureStats();
    private final Options options;
    private final PrintStream status;
    private volatile boolean stopRequested;
    /** A second stop (Ctrl-C again) skips what the ring buffer still holds. */
    private volatile boolean skipPending;

    private boolean countReached;
    private String failure;

    TraceSession(
            EventSource source,
            EventFilter filter,
            List<EventSink> sinks,
            PayloadRedaction redaction,
            Options options,
            PrintStream status) {
        this.source = source;
        this.redaction = redaction;
        this.filter = filter;
        this.sinks = sinks;
        this.options = options;
        this.status = status;
    }

    /** Safe from any thread, such as a signal handler. */
    void stop() {
        skipPending = stopRequested;
        stopRequested = true;
    }

    /** Captures until stopped, the count is reached or an output fails; returns the exit status. */
    int run() {
        long started = System.nanoTime();
        long lastFlush = started;
        long lastStatus = started;
        long statusNanos = options.statusSeconds() * 1_000_000_000L;
        status.println("uds-trace: capturing AF_UNIX traffic" + filter.describe() + "; Ctrl-C to stop");
        while (!stopRequested) {
            source.poll(POLL_MILLIS, this::dispatch);
            noticeDrops();
            long now = System.nanoTime();
            if (now - lastFlush >= FLUSH_NANOS) {
                flushAll();
                lastFlush = now;
            }
            if (!options.liveView() && now - lastStatus >= statusNanos) {
                status.println(Summary.progressLine(stats, source.drops(), (now - started) / 1_000_000_000L));
                lastStatus = now;
            }
        }
        drainPending();
        return finish();
    }

    /**
     * Reads what the kernel wrote before the stop: a client that finished just before uds-trace was stopped has its
     * last exchanges in the ring buffer still. Bounded in time, as traffic may go on.
     */
    private void drainPending() {
        long started = System.nanoTime();
        boolean noticed = false;
        while (!discarding() && source.poll(0, this::dispatch) > 0) {
            noticeDrops();
            long spent = System.nanoTime() - started;
            if (spent >= DRAIN_NANOS) {
                status.println("uds-trace: stopped reading after " + DRAIN_NANOS / 1_000_000_000L + " s; what the"
                        + " kernel still holds is not counted");
                break;
            }
            if (!noticed && spent >= DRAIN_NOTICE_NANOS) {
                status.println("uds-trace: reading what was captured before the stop (Ctrl-C again to skip)");
                noticed = true;
            }
        }
    }

    /**
     * Events are let go only once the count is reached, an output failed or the user stopped twice: a stop alone
     * still dispatches the rest of the batch being read, and what the ring buffer holds.
     */
    private boolean discarding() {
        return countReached || failure != null || skipPending;
    }

    private void noticeDrops() {
        var drops = source.drops();
        long total = drops.kernel() + drops.user();
        if (total > dropsSeen) {
            dropsSeen = total;
            sinks.forEach(EventSink::eventsLost);
        }
    }

    private void dispatch(TracedEvent event) {
        if (discarding() || !filter.accepts(event)) {
            return;
        }
        stats.accept(event);
        TracedEvent shown = null;
        for (EventSink sink : sinks) {
            try {
                if (sink.redactsItself()) {
                    sink.accept(event);
                } else {
                    if (shown == null) {
                        shown = redaction.apply(event);
                    }
                    sink.accept(shown);
                }
            } catch (IOException | RuntimeException e) {
                fail(sink, e);
            }
        }
        if (options.count() > 0 && stats.messages() >= options.count()) {
            stopRequested = true;
            countReached = true;
        }
    }

    private void flushAll() {
        for (EventSink sink : sinks) {
            try {
                sink.flush();
            } catch (IOException | RuntimeException e) {
                fail(sink, e);
            }
        }
    }

    private void fail(EventSink sink, Exception e) {
        if (failure == null) {
            failure = sink.getClass().getSimpleName() + ": " + e;
        }
        stopRequested = true;
    }

    /** The summary comes first: closing the span exporter may wait seconds for an unreachable collector. */
    private int finish() {
        var drops = source.drops();
        source.close();
        Summary.print(status, stats, drops);
        for (EventSink sink : sinks) {
            try {
                sink.close();
            } catch (Exception e) {
                status.println("uds-trace: while closing " + sink.getClass().getSimpleName() + ": " + e);
            }
        }
        if (failure != null) {
            status.println("uds-trace: stopped: " + failure);
            return 1;
        }
        return 0;
    }
}
