package dev.udsotel.agent.bridge;

/**
 * What advice inlined into a library's own Unix-socket code (Netty's native transports, junixsocket, jnr-unixsocket) reports. Only
 * JDK types cross: a socket is the library's channel or socket object, an address its own address object.
 * Implementations must return quickly, never throw, and never move a buffer's position or limit.
 */
public interface UdsOtelSocketObserver {
    /** connect returned or threw; {@code connected} is false while a non-blocking connect is pending. */
    void onConnect(Object socket, Object remote, boolean connected, Throwable error, long startNanos);

    /** A server socket listening on {@code local} accepted {@code accepted}. */
    void onAccept(Object accepted, Object local, long startNanos);

    /**
     * {@code bytes} bytes went in or out; the first of them lie in {@code buffer} (the library's buffer object, or
     * null) from {@code index} on, and stay there until this returns.
     */
    void onBytes(Object socket, boolean outbound, Object buffer, long index, long bytes, long startNanos);

    void onShutdown(Object socket, boolean input);

    void onClose(Object socket);
}
