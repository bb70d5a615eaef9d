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

    private final EventSource source;
    private final EventFilter filter;
    private final List<EventSink> sinks;
    private final PayloadRedaction redaction;
    private long dropsSeen;
    private final CaptureStats stats = new CaptureStats();
    private final Options options;
    private final PrintStream status;
    private volatile boolean stopRequested;
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
        return finish();
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
        if (stopRequested || !filter.accepts(event)) {
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
