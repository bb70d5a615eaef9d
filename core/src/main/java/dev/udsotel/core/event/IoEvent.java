package dev.udsotel.core.event;

import java.util.Objects;

/**
 * One observed call on a Unix socket: the unit that both the JVM agent and the eBPF sidecar produce.
 *
 * @param connection the conversation end the call was made on
 * @param kind what the call did
 * @param startNanos CLOCK_MONOTONIC nanoseconds when the call began (System.nanoTime and bpf_ktime_get_ns agree)
 * @param endNanos CLOCK_MONOTONIC nanoseconds when the call returned
 * @param byteCount bytes moved, for SEND and RECEIVE
 * @param payload a bounded copy of the first bytes moved, never longer than byteCount; empty when capture is off
 * @param error why a connect or accept failed, or null
 * @param parent the application's current span when this call began an exchange, or null
 * @param turn set by a source that counts its connection's request turns where they happen (so that lost or shed
 *     events cannot shift the count): n &ge; 1 on the call that began request turn n, {@link #TURN_UNKNOWN} on a
 *     call that began a turn whose number the source cannot know (it met the connection after its start),
 *     {@link #TURN_LEFT_TO_TRACKER} once the source can no longer order the calls (two threads use the socket),
 *     {@link #TURN_NOT_COUNTED} on every other call and from sources that leave the counting to the tracker
 * @param ancillary descriptors and credentials a SEND or RECEIVE carried, {@link Ancillary#NONE} for most
 * @param pieces bytes captured past the prefix in {@code payload}, at their offsets in the call ({@link Pieces#NONE}
 *     for most): only a source that follows a protocol's framing (HTTP/2) sends them, and only decoders that follow
 *     that framing read them; every other consumer sees the prefix alone
 */
public record IoEvent(
        Connection connection,
        EventKind kind,
        long startNanos,
        long endNanos,
        long byteCount,
        byte[] payload,
        String error,
        ParentContext parent,
        long turn,
        Ancillary ancillary,
        Pieces pieces) {

    public static final long TURN_NOT_COUNTED = 0;
    public static final long TURN_UNKNOWN = -1;
    public static final long TURN_LEFT_TO_TRACKER = -2;
    private static final byte[] NONE = new byte[0];

    /** An event whose source leaves the counting of request turns to the tracker. */
    public IoEvent(
            Connection connection,
            EventKind kind,
            long startNanos,
            long endNanos,
            long byteCount,
            byte[] payload,
            String error,
            ParentContext parent) {
        this(connection, kind, startNanos, endNanos, byteCount, payload, error, parent, TURN_NOT_COUNTED);
    }

    /** An event that carried no descriptors or credentials. */
    public IoEvent(
            Connection connection,
            EventKind kind,
            long startNanos,
            long endNanos,
            long byteCount,
            byte[] payload,
            String error,
            ParentContext parent,
            long turn) {
        this(connection, kind, startNanos, endNanos, byteCount, payload, error, parent, turn, Ancillary.NONE);
    }

    /** An event captured as one prefix. */
    public IoEvent(
            Connection connection,
            EventKind kind,
            long startNanos,
            long endNanos,
            long byteCount,
            byte[] payload,
            String error,
            ParentContext parent,
            long turn,
            Ancillary ancillary) {
        this(connection, kind, startNanos, endNanos, byteCount, payload, error, parent, turn, ancillary, Pieces.NONE);
    }

    public IoEvent {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(kind, "kind");
        payload = payload == null ? NONE : payload;
        ancillary = ancillary == null ? Ancillary.NONE : ancillary;
        pieces = pieces == null ? Pieces.NONE : pieces;
        if (payload.length > byteCount && kind.carriesData()) {
            throw new IllegalArgumentException("payload longer than byteCount");
        }
        if (pieces.count() > 0 && (pieces.offsets()[0] <= payload.length || pieces.end() > byteCount)) {
            throw new IllegalArgumentException("pieces overlap the prefix or run past byteCount");
        }
    }

    /**
     * Every captured byte of the call from its byte {@code from} on, prefix and pieces, with the uncaptured stretches
     * between, in order.
     */
    public void readCaptured(long from, Pieces.Reader reader) {
        pieces.read(payload, byteCount, from, reader);
    }

    public static IoEvent data(Connection c, EventKind kind, long start, long end, long bytes, byte[] payload) {
        return new IoEvent(c, kind, start, end, bytes, payload, null, null);
    }

    /** This event with another payload, as after redaction; its pieces, never redacted, are left out. */
    public IoEvent withPayload(byte[] replaced) {
        return new IoEvent(connection, kind, startNanos, endNanos, byteCount, replaced, error, parent, turn, ancillary);
    }

    public static IoEvent lifecycle(Connection c, EventKind kind, long start, long end, String error) {
        return new IoEvent(c, kind, start, end, 0, NONE, error, null);
    }
}
