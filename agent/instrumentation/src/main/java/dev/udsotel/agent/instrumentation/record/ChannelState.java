package dev.udsotel.agent.instrumentation.record;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.Role;

/**
 * What the agent remembers about one traced channel between calls. Fields are written by whichever application
 * thread uses the channel; a channel read and written by two threads at once only skews how much is captured.
 */
final class ChannelState {
    /** Channels whose path the configuration excludes. */
    static final ChannelState IGNORED = new ChannelState(null, 0, 0);

    final Connection connection;
    private final int captureLimit;
    private final long idleGapNanos;
    private boolean lastOutbound;
    private long lastNanos = Long.MIN_VALUE;
    private int capturedInRun;
    long pendingConnectStart = Long.MIN_VALUE;
    /** An event of this channel was dropped; the tracker must hear of it before the next one. */
    boolean lostEvents;
    /** The peer lookup on the first received bytes was made (once: the answer does not change later). */
    boolean peerLookedUpOnReceive;

    ChannelState(Connection connection, int captureLimit, long idleGapNanos) {
        this.connection = connection;
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
        if (newRun) {
            capturedInRun = 0;
        }
        return newRun && outbound == (connection.role() == Role.CLIENT);
    }

    /** How many of the next {@code available} bytes should still be copied in this direction. */
    int claimCapture(long available) {
        int room = captureLimit - capturedInRun;
        if (room <= 0 || available <= 0) {
            return 0;
        }
        int take = (int) Math.min(room, available);
        capturedInRun += take;
        return take;
    }
}
