package dev.udsotel.agent.instrumentation.record;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.Role;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What the agent remembers about one traced channel between calls. Fields are written by whichever application
 * thread uses the channel; a channel read and written by two threads at once only skews how much is captured, and
 * is never shed (see {@link #shedsThisCall}).
 */
final class ChannelState {
    /** Channels whose path the configuration excludes. */
    static final ChannelState IGNORED = new ChannelState(null, 0, 0, false);

    private static final VarHandle OWNER;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(ChannelState.class, "owner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Connection connection;
    private final boolean requestIsOutbound;
    private final int captureLimit;
    private final long idleGapNanos;
    private boolean lastOutbound;
    private long lastNanos = Long.MIN_VALUE;
    /**
     * Bytes copied in the current run of each direction. Two counters, not one: on a channel that two threads use, a
     * read recorded while a write is between its run check and its claim must not spend that write's budget.
     */
    private int capturedOutbound;

    private int capturedInbound;
    long pendingConnectStart = Long.MIN_VALUE;
    /** When the non-blocking connect call that left the connection pending returned. */
    long pendingConnectEnd;
    /** An event of this channel was dropped; the tracker must hear of it before the next one. */
    boolean lostEvents;

    /** The one thread that moves this channel's bytes, until a second one does. */
    @SuppressWarnings("unused") // through OWNER
    private volatile Thread owner;
    /** More than one thread moves bytes: calls may interleave, so exchanges are never shed here. */
    private volatile boolean shared;
    /** Set before the first exchange is shed; read by a second thread when it first moves bytes. */
    private volatile boolean everShed;
    /** The current exchange is not being recorded. */
    private boolean shedding;
    /** The current exchange began in an application span that is not sampled: it is not recorded either. */
    private boolean notSampled;
    /** The last data event handed to the tracker went in the response direction (or none was handed over yet). */
    private boolean lastRecordedWasResponse = true;
    /** Exchanges begun on this channel, for keeping one in every n. */
    private int exchangesBegun;

    private long shedExchanges;
    /** The agent saw the connect or the accept, so {@link #turns} counts every request turn of the connection. */
    private final boolean seenFromTheStart;

    private long turns;
    private boolean lastCallWasResponse = true;
    /** Directions (1 outbound, 2 inbound) that moved bytes, and those of them with a call captured in part. */
    private int calledDirections;

    private int cutDirections;
    /** HTTP/2, once its preface was seen: each direction captured frame by frame. */
    private volatile FramedDirection outboundFrames;

    private volatile FramedDirection inboundFrames;

    ChannelState(Connection connection, int captureLimit, long idleGapNanos, boolean seenFromTheStart) {
        this.seenFromTheStart = seenFromTheStart;
        this.connection = connection;
        this.requestIsOutbound = connection != null && connection.role() == Role.CLIENT;
        this.captureLimit = captureLimit;
        this.idleGapNanos = idleGapNanos;
    }

    boolean ignored() {
        return connection == null;
    }

    /**
     * Notes a call moving bytes and answers whether it opens a new exchange (the first request bytes after a
     * response, or after the idle gap), which is when the application's trace context is worth reading.
     */
    boolean opensExchange(boolean outbound, long nowNanos) {
        boolean newRun = lastNanos == Long.MIN_VALUE || outbound != lastOutbound || nowNanos - lastNanos > idleGapNanos;
        lastOutbound = outbound;
        lastNanos = nowNanos;
        if (newRun && outbound) {
            capturedOutbound = 0;
        } else if (newRun) {
            capturedInbound = 0;
        }
        return newRun && outbound == requestIsOutbound;
    }

    /**
     * Whether this call belongs to an exchange that is not recorded: shed over the CPU budget, or {@code unsampled}
     * (begun in an application span that is not sampled, so its span would be dropped anyway: no copy, no event).
     * Called for every call after {@link #opensExchange}; only where an exchange opens is the choice made again. Shedding starts only where the
     * tracker is sure to end the previous exchange too: after a response it was handed (a new request always ends
     * such an exchange), so the exchanges around a shed one are never joined. Channels used by two threads never
     * start to shed: their calls may reach the tracker in another order than they were judged here.
     */
    boolean shedsThisCall(boolean opensExchange, boolean unsampled, int keepOneIn) {
        boolean alone = ownedByThisThread();
        if (opensExchange) {
            shedding = !unsampled
                    && keepOneIn > 1
                    && alone
                    && lastRecordedWasResponse
                    && ++exchangesBegun % keepOneIn != 0
                    && mayStartShedding();
            if (shedding) {
                shedExchanges++;
            }
            notSampled = unsampled;
        }
        return shedding || notSampled;
    }

    /**
     * Counts the request turns where the calls happen, shed and dropped ones included, and answers what the call's
     * event carries (see {@link IoEvent#turn()}). Called after {@link #shedsThisCall}, which notices a second thread:
     * calls of two threads may reach here out of order, so from then on the tracker counts, in the order the bytes
     * moved, and gives up at the first loss.
     */
    long turnOf(boolean outbound) {
        boolean request = outbound == requestIsOutbound;
        boolean begins = request && lastCallWasResponse;
        lastCallWasResponse = !request;
        if (shared) {
            return IoEvent.TURN_LEFT_TO_TRACKER;
        }
        if (!begins) {
            return IoEvent.TURN_NOT_COUNTED;
        }
        turns++;
        return seenFromTheStart ? turns : IoEvent.TURN_UNKNOWN;
    }

    /** Exchanges shed on this channel; written only by its owner thread, which alone sheds. */
    long shedExchanges() {
        return shedExchanges;
    }

    /** A data event in this direction goes to the tracker. */
    void recorded(boolean outbound) {
        lastRecordedWasResponse = outbound != requestIsOutbound;
    }

    /**
     * Whether only the calling thread has moved this channel's bytes. When a second thread is first seen on a channel
     * that has shed, the tracker is told of a loss before the next event, so what the owner shed in the middle of an
     * exchange cannot join anything the second thread records.
     */
    private boolean ownedByThisThread() {
        if (shared) {
            return false;
        }
        Thread current = Thread.currentThread();
        Object seen = OWNER.getVolatile(this);
        if (seen == current) {
            return true;
        }
        if (seen == null && OWNER.compareAndSet(this, null, current)) {
            return true;
        }
        shared = true;
        if (everShed) {
            lostEvents = true;
        }
        return false;
    }

    /** For a state used for one call only: shedding could not end where it began. */
    void neverShed() {
        shared = true;
    }

    /** Announces shedding before it starts, so a second thread arriving at the same moment sees one or the other. */
    private boolean mayStartShedding() {
        if (!everShed) {
            everShed = true;
        }
        return !shared;
    }

    /**
     * How many of the next {@code available} bytes should still be copied in this direction. A read on a channel that
     * several threads use copies its own first bytes whatever this direction's run has copied: a write on another
     * thread (a Jetty client writes on one, reads on a selector) is recorded only once its call returns, so the
     * answer to it can be recorded first and look like more of the previous response here. The tracker, which puts
     * events back in causal order, keeps only what each exchange's preview holds.
     */
    int claimCapture(long available, boolean outbound) {
        int room = captureRoom(outbound);
        if (room <= 0 || available <= 0) {
            return 0;
        }
        int take = (int) Math.min(room, available);
        charge(take, outbound);
        return take;
    }

    /** What {@link #claimCapture} would still allow in this direction, claiming nothing. */
    int captureRoom(boolean outbound) {
        if (outbound) {
            return Math.max(0, captureLimit - capturedOutbound);
        }
        return Math.max(0, shared ? captureLimit : captureLimit - capturedInbound);
    }

    /** Bytes copied past {@link #claimCapture}, or given back ({@code bytes} &lt; 0). */
    void charge(int bytes, boolean outbound) {
        if (outbound) {
            capturedOutbound += bytes;
        } else {
            capturedInbound += bytes;
        }
    }

    /** The direction's frame-by-frame capture once the channel is known to be HTTP/2, else null. */
    FramedDirection framed(boolean outbound) {
        return outbound ? outboundFrames : inboundFrames;
    }

    /**
     * Whether this is the first call in its direction, whose bytes may be the HTTP/2 preface; notes the call, and
     * whether it was captured in part (such a direction could not be followed frame by frame from its start).
     */
    boolean firstCall(boolean outbound, boolean capturedWhole) {
        int bit = outbound ? 1 : 2;
        boolean first = (calledDirections & bit) == 0;
        calledDirections |= bit;
        if (!capturedWhole) {
            cutDirections |= bit;
        }
        return first && outboundFrames == null && inboundFrames == null;
    }

    /**
     * The preface began this direction: both directions are captured frame by frame from here on, this one from its
     * first byte; the other from its next call, unless a call of it was captured in part (then as before).
     */
    void followHttp2(boolean clientOutbound) {
        FramedDirection client = new FramedDirection(true);
        FramedDirection server = (cutDirections & (clientOutbound ? 2 : 1)) == 0 ? new FramedDirection(false) : null;
        outboundFrames = clientOutbound ? client : server;
        inboundFrames = clientOutbound ? server : client;
    }

    /** A direction lost its framing (a short copy): it is captured as before. */
    void stopFollowing(boolean outbound) {
        if (outbound) {
            outboundFrames = null;
        } else {
            inboundFrames = null;
        }
    }
}
