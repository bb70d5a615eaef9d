package dev.udsotel.core.event;

/** What one observed call did to a Unix socket. */
public enum EventKind {
    CONNECT,
    ACCEPT,
    /** Bytes left the observed process. */
    SEND,
    /** Bytes arrived in the observed process. */
    RECEIVE,
    SHUTDOWN_INPUT,
    SHUTDOWN_OUTPUT,
    CLOSE,
    /** Events of this conversation were lost (a full queue or ring buffer) just before this point. */
    GAP;

    public boolean carriesData() {
        return this == SEND || this == RECEIVE;
    }
}
