package dev.udsotel.agent.instrumentation.record;

import dev.udsotel.core.event.Connection;

/** What the agent reads from a connected socket object once: its inode and its peer's credentials (SO_PEERCRED). */
public interface SocketFacts {
    /** The inode of the socket (as /proc/self/fd shows it), or 0 when it cannot be read. */
    long inode(Object socket);

    /** Sets the peer's pid, uid and gid on the connection, as far as they can be read; never throws. */
    void readPeerCredentials(Object socket, Connection connection);

    /** The inode of the socket behind a file descriptor of this process, or 0. */
    static long inodeOfFd(int fd) {
        return SocketIntrospection.inodeOfFd(fd);
    }
}
