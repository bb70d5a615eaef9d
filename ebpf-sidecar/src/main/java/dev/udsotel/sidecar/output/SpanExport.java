package dev.udsotel.sidecar.output;

import dev.udsotel.core.conversation.CausalOrder;
import dev.udsotel.core.conversation.ConversationTracker;
import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.SocketType;
import dev.udsotel.core.export.ExportSettings;
import dev.udsotel.core.export.TelemetryExport;
import dev.udsotel.core.process.AgentJvms;
import dev.udsotel.core.protocol.ProtocolDecoders;
import dev.udsotel.core.redaction.Redaction;
import dev.udsotel.core.shed.CpuBudget;
import dev.udsotel.core.shed.SheddingListener;
import dev.udsotel.core.span.ExchangeSpans;
import dev.udsotel.core.span.MonotonicClock;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * Spans: events go through core's conversation tracker, and exchanges leave through the OTEL_* configured
 * exporter with one resource per traced process.
 */
public final class SpanExport implements EventSink {
    static final String INSTRUMENTATION = "dev.udsotel.sidecar";
    /** A conversation quiet this long after its response began has finished its exchange. */
    static final long IDLE_GAP_NANOS = 500_000_000L;
    /**
     * Half a core: host-wide, a node's busiest sockets would otherwise take a whole core for spans, which a
     * DaemonSet is rarely given. The metrics still count every exchange.
     */
    public static final int DEFAULT_CPU_PERCENT = 50;
    /** How often the process's CPU time is read while events flow (a system call; a window is 50 ms). */
    private static final long BUDGET_CHECK_NANOS = 5_000_000L;
    /** Logs are off: this tool makes traces and the metrics of every exchange (which follow the traces' exporter). */
    private static final Map<String, String> DEFAULTS = Map.of("otel.logs.exporter", "none");

    private final TelemetryExport export;
    private final MonotonicClock clock = new MonotonicClock();
    private final ConversationTracker tracker;
    private final SheddingListener shedder;
    /** Null when the budget is 100 %, or the JVM cannot tell its CPU time. */
    private final CpuBudget budget;

    private final com.sun.management.OperatingSystemMXBean os;
    private long events;
    private long lastBudgetCheck;
    /** The ring buffer orders events by syscall exit; a short window restores the order the bytes moved in. */
    private final CausalOrder order = new CausalOrder();
    /** Null when the spans of agent JVMs are exported too. */
    private final AgentJvms agentJvms;

    private final ExportLossReport losses;
    private final PrintStream status;
    private final int cpuPercent;
    private long failures;
    private final ConnectsAwaitingPeer connects = new ConnectsAwaitingPeer(2_000_000_000L);

    /**
     * @param skipAgentJvms leave the stream sockets of JVMs that run the agent to the agent, which exports them
     * @param redaction the policy applied to what the spans carry
     * @param status where losses on the way to the collector are reported while the capture runs
     */
    public SpanExport(
            int captureLimit, boolean skipAgentJvms, Redaction redaction, int cpuPercent, PrintStream status) {
        this.agentJvms = skipAgentJvms ? new AgentJvms() : null;
        this.os = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean o
                        && o.getProcessCpuTime() >= 0
                ? o
                : null;
        long now = System.nanoTime();
        this.budget = cpuPercent >= 100 || os == null ? null : new CpuBudget(cpuPercent, now, os.getProcessCpuTime());
        this.lastBudgetCheck = now;
        this.export = TelemetryExport.start(new ExportSettings(INSTRUMENTATION, null, DEFAULTS));
        this.shedder = new SheddingListener(
                new ExchangeSpans(export, new ProtocolDecoders(), redaction, clock),
                () -> budget != null && budget.spent());
        this.tracker = new ConversationTracker(shedder, IDLE_GAP_NANOS, captureLimit);
        if (cpuPercent < 100 && os == null) {
            status.println("uds-trace: this JVM cannot tell its CPU time; --cpu has no effect");
        }
        this.losses = new ExportLossReport(export.counts(), status, ExportLossReport.configuredCollector());
        this.status = status;
        this.cpuPercent = cpuPercent;
    }

    /** One event into the tracker; an event it fails on is counted and the capture goes on. */
    private void track(IoEvent event) {
        try {
            tracker.onEvent(event);
        } catch (RuntimeException e) {
            if (failures++ == 0) {
                status.println("uds-trace: an event could not become part of a span (" + e + "); such events are"
                        + " counted and the capture goes on");
            }
        }
    }

    /** Decoders see whole exchanges as captured; the span builder applies the policy to what leaves. */
    @Override
    public boolean redactsItself() {
        return true;
    }

    @Override
    public void accept(TracedEvent event) {
        if (agentJvms != null && exportedByTheAgent(event.io().connection())) {
            return;
        }
        if (connects.hold(event.io())) {
            return;
        }
        order.add(event.io());
        long now = System.nanoTime();
        order.release(now, this::track);
        if ((++events & 63) == 0) {
            checkBudget(now);
        }
    }

    /** Whole-process CPU time, the exporting threads' included: what a container's CPU limit sees. */
    private void checkBudget(long now) {
        if (budget != null && now - lastBudgetCheck >= BUDGET_CHECK_NANOS) {
            budget.update(now, os.getProcessCpuTime(), events, 0);
            lastBudgetCheck = now;
        }
    }

    /**
     * The agent traces the JVM's stream sockets and its spans nest in the application's traces, so they win; the
     * JVM's datagrams and any socket the agent does not see (native code) are still the sidecar's.
     */
    private boolean exportedByTheAgent(Connection c) {
        return c.type() == SocketType.STREAM
                && agentJvms.runsAgent(c.process().pid(), c.process().executableName(), System.nanoTime());
    }

    /** A dropped event is not known to belong to any one connection: no open exchange may span the hole. */
    @Override
    public void eventsLost() {
        connects.releaseAll(this::track);
        order.releaseAll(this::track);
        tracker.discardAllOpen();
    }

    /** Ends exchanges that went quiet, so their spans leave while the capture goes on. */
    @Override
    public void flush() {
        clock.refresh();
        checkBudget(System.nanoTime());
        connects.release(System.nanoTime(), this::track);
        order.release(System.nanoTime(), this::track);
        tracker.flushIdle(System.nanoTime());
        losses.check(System.nanoTime());
    }

    @Override
    public void close() {
        connects.releaseAll(this::track);
        order.releaseAll(this::track);
        tracker.flushAll();
        export.close();
        losses.onExit();
        if (shedder.shed() > 0) {
            status.println("uds-trace: " + shedder.shed() + " exchanges counted in the metrics but not exported as"
                    + " spans, to keep within --cpu " + cpuPercent + " (percent of one core)");
        }
        if (failures > 0) {
            status.println("uds-trace: " + failures + " events could not become part of a span");
        }
    }
}
