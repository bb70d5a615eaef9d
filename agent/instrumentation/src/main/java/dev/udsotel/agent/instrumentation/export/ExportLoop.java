package dev.udsotel.agent.instrumentation.export;

import dev.udsotel.agent.instrumentation.AgentLog;
import dev.udsotel.agent.instrumentation.config.AgentConfig;
import dev.udsotel.agent.instrumentation.host.IdleScheduling;
import dev.udsotel.agent.instrumentation.host.PeerIdentities;
import dev.udsotel.agent.instrumentation.record.EventQueue;
import dev.udsotel.agent.instrumentation.shed.ExchangeShedding;
import dev.udsotel.core.conversation.CausalOrder;
import dev.udsotel.core.conversation.ConversationListener;
import dev.udsotel.core.conversation.ConversationTracker;
import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.export.TelemetryExport;
import dev.udsotel.core.shed.CpuBudget;
import dev.udsotel.core.shed.SheddingListener;
import dev.udsotel.core.span.MonotonicClock;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The agent's one worker thread: drains recorded events, assembles exchanges, builds spans and hands them to the
 * SDK, which exports on its own threads. Nothing here runs on an application thread, not even the SDK's set-up: a
 * thread of its own does it while the application starts, and what is assembled meanwhile waits for it.
 */
public final class ExportLoop implements Runnable {
    /** The SDK and the span builder on it. */
    public record Pipeline(TelemetryExport export, ConversationListener spans) {}

    private static final long FLUSH_EVERY_NANOS = 50_000_000L;
    /**
     * How long the thread sleeps when the queue is empty: batches the work without any producer waking it. Each
     * empty drain in a row doubles it up to the longest, so an idle agent wakes up less often.
     */
    /**
     * How long exit waits for the thread to finish what it holds. A thread that was starved until then (SCHED_IDLE on
     * busy CPUs) may still have to load and warm the span path at exit, which takes a cold JVM over a second.
     */
    private static final long STOP_WAIT_MILLIS = 3000;

    private static final long IDLE_PARK_NANOS = 2_000_000L;
    private static final long LONGEST_IDLE_PARK_NANOS = 4_000_000L;
    private static final long REPORT_EVERY_NANOS = 10_000_000_000L;
    /** How often the thread reads its own CPU time (a system call) to check its budget. */
    private static final long BUDGET_CHECK_NANOS = 5_000_000L;
    /** While the budget is spent the thread drains only this often: beyond it the queue drops, and says so. */
    private static final long SPENT_PARK_NANOS = 10_000_000L;

    private final EventQueue queue;
    private final ConversationTracker tracker;
    private final CausalOrder order = new CausalOrder();
    private final StartingListener starting = new StartingListener();
    private final PeerAwaitingListener awaitingPeers;
    private final SheddingListener shedder;
    private final ExchangeShedding shedding;
    private final int cpuPercent;
    /**
     * Runs as SCHED_IDLE once the SDK is up: when the application keeps every core busy, events wait, then drop and are
     * counted.
     */
    private final boolean idlePriority;

    private CpuBudget budget;
    private final PeerIdentities peers;
    private final MonotonicClock clock;
    private final Thread thread;
    private final Thread sdkThread;
    /** Set by the SDK thread once the SDK is up. */
    private volatile Pipeline pipeline;

    private volatile boolean running = true;
    /** The export thread's Linux id while it is SCHED_IDLE, else 0. */
    private volatile int idleThreadId;

    private long reportedDrops;
    private long reportedShed;
    private long reportedFailures;
    private long failures;
    private long dataEvents;
    private long handshakes;

    /**
     * The thread's budget is {@code export.cpu} percent of one core (100: none); over it, application threads record
     * fewer exchanges through {@code shedding}, and the thread sheds what it assembles until its window ends.
     */
    public ExportLoop(
            AgentConfig config,
            EventQueue queue,
            Supplier<Pipeline> sdk,
            Consumer<Throwable> failedToStart,
            PeerIdentities peers,
            MonotonicClock clock,
            ExchangeShedding shedding) {
        this.queue = queue;
        this.peers = peers;
        this.shedding = shedding;
        this.cpuPercent = config.exportCpuPercent();
        this.idlePriority = config.exportIdle();
        this.awaitingPeers = new PeerAwaitingListener(starting, peers);
        this.shedder = new SheddingListener(awaitingPeers, () -> budget != null && budget.spent());
        this.tracker = new ConversationTracker(shedder, config.idleGapNanos(), config.payloadBytes());
        this.clock = clock;
        this.thread = new Thread(this, "uds-agent-export");
        this.thread.setDaemon(true);
        this.sdkThread = new Thread(
                () -> {
                    try {
                        pipeline = sdk.get();
                    } catch (Throwable t) {
                        running = false;
                        failedToStart.accept(t);
                    }
                },
                "uds-agent-sdk");
        this.sdkThread.setDaemon(true);
    }

    public void start() {
        sdkThread.start();
        peers.start();
        thread.start();
    }

    @Override
    public void run() {
        List<IoEvent> batch = new ArrayList<>(1024);
        ThreadMXBean cpu = threadCpu();
        long lastFlush = System.nanoTime();
        long lastReport = lastFlush;
        long lastBudgetCheck = lastFlush;
        budget = cpu == null ? null : new CpuBudget(cpuPercent, lastFlush, cpu.getCurrentThreadCpuTime());
        long drained = 0;
        long idlePark = IDLE_PARK_NANOS;
        while (running) {
            if (!starting.started() && pipeline != null) {
                starting.start(pipeline.spans());
                if (idlePriority) {
                    becomeIdle();
                }
            }
            int moved = queue.drainTo(batch, 4096);
            if (moved > 0) {
                drained += moved;
                batch.forEach(order::add);
                batch.clear();
                idlePark = IDLE_PARK_NANOS;
            } else {
                if (order.size() == 0) {
                    closeAfterLoss();
                }
                LockSupport.parkNanos(idlePark);
                idlePark = Math.min(LONGEST_IDLE_PARK_NANOS, idlePark * 2);
            }
            long now = System.nanoTime();
            order.release(now, this::process);
            if (now - lastFlush > FLUSH_EVERY_NANOS) {
                tracker.flushIdle(now);
                lastFlush = now;
            }
            awaitingPeers.releaseReady();
            if (budget != null && now - lastBudgetCheck > BUDGET_CHECK_NANOS) {
                lastBudgetCheck = now;
                if (budget.update(now, cpu.getCurrentThreadCpuTime(), drained, queue.dropped())) {
                    shedding.keepOneIn(budget.keepOneIn());
                }
                if (budget.spent()) {
                    LockSupport.parkNanos(SPENT_PARK_NANOS);
                }
            }
            if (now - lastReport > REPORT_EVERY_NANOS) {
                clock.refresh();
                if (pipeline != null) {
                    reportDrops(pipeline.export(), shedExchanges());
                }
                lastReport = now;
            }
        }
    }

    /**
     * SCHED_IDLE from now on: only once the SDK is up and what was kept for it is handed over. Starved on busy CPUs, an
     * idle thread still loading and initialising classes holds their locks, and the SDK's start-up on its thread of
     * normal priority (java.management's for the application too) waited behind it, past the application's exit.
     */
    private void becomeIdle() {
        idleThreadId = IdleScheduling.idleCurrentThread();
        if (!running) {
            IdleScheduling.restoreNormal(idleThreadId); // stop() came in between, before there was a thread to put back
        }
    }

    /** The thread's own CPU clock, or null where the JVM cannot measure it (then there is no budget). */
    private ThreadMXBean threadCpu() {
        if (cpuPercent >= 100) {
            return null;
        }
        try {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            // the switch is the JVM's, shared with the application: read it, never flip it
            if (threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled()) {
                return threads;
            }
        } catch (RuntimeException | LinkageError e) {
            // no java.management, or not allowed: run without a budget
        }
        AgentLog.info("cannot measure the export thread's CPU time here; export.cpu has no effect");
        return null;
    }

    /** Reads and writes recorded and handed to the tracker so far; read after {@link #stop}. */
    public long dataEvents() {
        return dataEvents;
    }

    /** Connects and accepts recorded and handed to the tracker so far; read after {@link #stop}. */
    public long handshakes() {
        return handshakes;
    }

    /** Exchanges not turned into spans because of the CPU budget: not recorded, or assembled and counted. */
    public long shedExchanges() {
        return shedding.shed() + shedder.shed();
    }

    /** Stops the thread, turns what is still queued or open into spans and flushes the exporter, within seconds. */
    public void stop() {
        running = false;
        IdleScheduling.restoreNormal(idleThreadId);
        if (pipeline == null && queue.offered() == 0) {
            return; // nothing recorded (a short-lived JVM): no reason to wait for the SDK
        }
        long deadline = System.nanoTime() + STOP_WAIT_MILLIS * 1_000_000L;
        join(thread, deadline);
        boolean busy = thread.isAlive();
        join(sdkThread, deadline);
        Pipeline sdk = pipeline;
        if (sdk == null) {
            if (sdkThread.isAlive()) {
                AgentLog.info("at exit: the OpenTelemetry SDK was still starting after " + STOP_WAIT_MILLIS + " ms; "
                        + queue.offered() + " recorded events were not exported");
            }
            return;
        }
        TelemetryExport export = sdk.export();
        if (busy) {
            // the queue and the tracker have one reader; still busy, it keeps them, and what it built is flushed
            export.close();
        } else {
            List<IoEvent> rest = new ArrayList<>();
            queue.drainTo(rest, Integer.MAX_VALUE);
            rest.forEach(order::add);
            order.releaseAll(this::process);
            closeAfterLoss();
            try {
                tracker.flushAll();
                awaitingPeers.releaseAll();
                if (!starting.started()) {
                    starting.start(sdk.spans());
                }
            } catch (RuntimeException e) {
                failures++;
            }
            peers.stop();
            export.close();
        }
        long shed = shedExchanges();
        reportDrops(export, shed);
        long lostWhileStarting = starting.lost();
        if (busy || export.counts().anyLost() || queue.dropped() > 0 || shed > 0 || lostWhileStarting > 0) {
            AgentLog.info("at exit: " + export.counts().summary() + "; " + queue.dropped()
                    + " events dropped by the agent's queue; "
                    + shed + " exchanges shed over the export.cpu budget"
                    + (lostWhileStarting > 0
                            ? "; " + lostWhileStarting + " exchanges given up while the SDK started"
                            : "")
                    + unlinkedEnds()
                    + (busy
                            ? "; the export thread was still busy, so the events it had not taken yet were not exported"
                            : ""));
        }
    }

    /** Connections whose spans went out without the peer's inode, when there are any: their two ends do not link. */
    private String unlinkedEnds() {
        long unlinked = awaitingPeers.answeredWithoutPeer() + awaitingPeers.releasedUnanswered();
        return unlinked == 0
                ? ""
                : "; " + unlinked + " connections exported without their peer's inode (uds.connection.id of one end)";
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
        switch (event.kind()) {
            case SEND, RECEIVE -> dataEvents++;
            case CONNECT, ACCEPT -> handshakes++;
            default -> {}
        }
        try {
            tracker.onEvent(event);
        } catch (RuntimeException e) {
            if (failures++ == 0) {
                AgentLog.info("could not turn an event into a span (" + e + "); further failures are only counted");
            }
        }
    }

    private static void join(Thread thread, long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        try {
            if (left > 0) {
                thread.join(Math.max(1, left / 1_000_000L));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reportDrops(TelemetryExport export, long shed) {
        long failed = export.counts().failedSpans();
        if (failed > reportedFailures) {
            AgentLog.info(failed + " spans failed to export in all (" + (failed - reportedFailures)
                    + " new): is the OTLP endpoint reachable? "
                    + export.counts().summary());
            reportedFailures = failed;
        }
        long dropped = queue.dropped();
        if (dropped > reportedDrops) {
            AgentLog.info("dropped " + dropped + " events in all (" + (dropped - reportedDrops)
                    + " new) because the export queue was full; raise queue.size to keep more");
            reportedDrops = dropped;
        }
        if (shed > reportedShed) {
            AgentLog.info(
                    "shed " + shed + " exchanges in all (" + (shed - reportedShed) + " new) to keep the export thread"
                            + " within export.cpu=" + cpuPercent + "% of one core; raise export.cpu to keep more");
            reportedShed = shed;
        }
    }
}
