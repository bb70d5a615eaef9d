package dev.udsotel.agent.instrumentation.export;

import dev.udsotel.agent.instrumentation.AgentLog;
import dev.udsotel.agent.instrumentation.record.EventQueue;
import dev.udsotel.agent.instrumentation.record.PeerInodes;
import dev.udsotel.core.conversation.CausalOrder;
import dev.udsotel.core.conversation.ConversationListener;
import dev.udsotel.core.conversation.ConversationTracker;
import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.export.TelemetryExport;
import dev.udsotel.core.span.MonotonicClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The agent's one worker thread: drains recorded events, assembles exchanges, builds spans and hands them to the
 * SDK, which exports on its own threads. Nothing here runs on an application thread.
 */
public final class ExportLoop implements Runnable {
    private static final long FLUSH_EVERY_NANOS = 50_000_000L;
    /** How long the thread sleeps when the queue is empty: batches the work without any producer waking it. */
    private static final long IDLE_PARK_NANOS = 2_000_000L;
    /** How long events wait to be put back in the order they happened (threads hand them over out of order). */
    private static final long REORDER_WINDOW_NANOS = 20_000_000L;
    private static final long REPORT_EVERY_NANOS = 10_000_000_000L;

    private final EventQueue queue;
    private final ConversationTracker tracker;
    private final CausalOrder order = new CausalOrder(REORDER_WINDOW_NANOS);
    private final PeerAwaitingListener awaitingPeers;
    private final PeerInodes peers;
    private final MonotonicClock clock;
    private final TelemetryExport export;
    private final Thread thread;
    private volatile boolean running = true;
    private long reportedDrops;
    private long reportedFailures;
    private long failures;

    public ExportLoop(EventQueue queue, ConversationListener spans, PeerInodes peers, long idleGapNanos, int captureLimit,
            MonotonicClock clock, TelemetryExport export) {
        this.queue = queue;
        this.peers = peers;
        this.awaitingPeers = new PeerAwaitingListener(spans, peers);
        this.tracker = new ConversationTracker(awaitingPeers, idleGapNanos, captureLimit);
        this.clock = clock;
        this.export = export;
        this.thread = new Thread(this, "uds-agent-export");
        this.thread.setDaemon(true);
    }

    public void start() {
        peers.start();
        thread.start();
    }

    @Override
    public void run() {
        List<IoEvent> batch = new ArrayList<>(1024);
        long lastFlush = System.nanoTime();
        long lastReport = lastFlush;
        while (running) {
            if (queue.drainTo(batch, 4096) > 0) {
                batch.forEach(order::add);
                batch.clear();
            } else {
                if (order.size() == 0) {
                    closeAfterLoss();
                }
                LockSupport.parkNanos(IDLE_PARK_NANOS);
            }
            long now = System.nanoTime();
            order.release(now, this::process);
            if (now - lastFlush > FLUSH_EVERY_NANOS) {
                tracker.flushIdle(now);
                lastFlush = now;
            }
            awaitingPeers.releaseReady();
            if (now - lastReport > REPORT_EVERY_NANOS) {
                clock.refresh();
                reportDrops();
                lastReport = now;
            }
        }
    }

    /** Stops the thread, turns what is still queued or open into spans and flushes the exporter, within seconds. */
    public void stop() {
        running = false;
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            // the queue and the tracker have one reader; still busy, it keeps them, and what it built is flushed
            export.close();
            return;
        }
        List<IoEvent> rest = new ArrayList<>();
        queue.drainTo(rest, Integer.MAX_VALUE);
        rest.forEach(order::add);
        order.releaseAll(this::process);
        closeAfterLoss();
        try {
            tracker.flushAll();
            awaitingPeers.releaseAll();
        } catch (RuntimeException e) {
            failures++;
        }
        peers.stop();
        export.close();
        reportDrops();
        if (export.counts().anyLost() || queue.dropped() > 0) {
            AgentLog.info("at exit: " + export.counts().summary() + "; " + queue.dropped() + " events dropped by the agent's queue");
        }
    }

    /** Connections whose close could not be queued: their open exchange may have a hole, and nothing follows it. */
    private void closeAfterLoss() {
        for (Connection c; (c = queue.pollClosedAfterLoss()) != null; ) {
            long now = System.nanoTime();
            process(IoEvent.lifecycle(c, EventKind.GAP, now, now, null));
            process(IoEvent.lifecycle(c, EventKind.CLOSE, now, now, null));
        }
    }

    private void process(IoEvent event) {
        try {
            tracker.onEvent(event);
        } catch (RuntimeException e) {
            if (failures++ == 0) {
                AgentLog.info("could not turn an event into a span (" + e + "); further failures are only counted");
            }
        }
    }

    private void reportDrops() {
        long failed = export.counts().failedSpans();
        if (failed > reportedFailures) {
            AgentLog.info(failed + " spans failed to export in all (" + (failed - reportedFailures)
                    + " new): is the OTLP endpoint reachable? " + export.counts().summary());
            reportedFailures = failed;
        }
        long dropped = queue.dropped();
        if (dropped > reportedDrops) {
            AgentLog.info("dropped " + dropped + " events in all (" + (dropped - reportedDrops)
                    + " new) because the export queue was full; raise queue.size to keep more");
            reportedDrops = dropped;
        }
    }
}
