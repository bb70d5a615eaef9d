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
 */
public record IoEvent(
        Connection connection,
        EventKind kind,
        long startNanos,
        long endNanos,
        long byteCount,
        byte[] payload,
        String error,
        ParentContext parent) {

    private static final byte[] NONE = new byte[0];

    public IoEvent {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(kind, "kind");
        payload = payload == null ? NONE : payload;
        if (payload.length > byteCount && kind.carriesData()) {
            throw new IllegalArgumentException("payload longer than byteCount");
        }
    }

    public static IoEvent data(Connection c, EventKind kind, long start, long end, long bytes, byte[] payload) {
        return new IoEvent(c, kind, start, end, bytes, payload, null, null);
    }

    public static IoEvent lifecycle(Connection c, EventKind kind, long start, long end, String error) {
        return new IoEvent(c, kind, start, end, 0, NONE, error, null);
    }
}
