package dev.udsotel.agent.bridge;

/**
 * Where advice in library classes finds its observer, one per library. Library classes are loaded by application
 * class loaders, which cannot see java.base's sun.nio.ch, so the agent defines this package in the boot loader's
 * unnamed module instead, which every class loader reaches by delegation. Null until the agent has started.
 */
public final class UdsOtelSockets {
    /** Netty's native transports (epoll, io_uring). */
    public static volatile UdsOtelSocketObserver netty;

    /** junixsocket's socket streams and channels. */
    public static volatile UdsOtelSocketObserver junixsocket;

    /** jnr-unixsocket's channels. */
    public static volatile UdsOtelSocketObserver jnrUnixsocket;

    /** Marks a value that advice did not measure because the call was not on a Unix socket. */
    public static final long NOT_OBSERVED = Long.MIN_VALUE;

    private UdsOtelSockets() {}
}
