package dev.udsotel.core.event;

/** Which end of a conversation the observed process holds. */
public enum Role {
    /** It connected: its exchanges are what it sends followed by what it receives. */
    CLIENT,
    /** It accepted: its exchanges are what it receives followed by what it sends. */
    SERVER,
    /** Neither (socketpair, unconnected datagrams): the first direction seen opens each exchange. */
    PEER
}
