package dev.udsotel.agent.instrumentation.library.jnr;

import dev.udsotel.agent.instrumentation.library.JdkBuffers;
import dev.udsotel.agent.instrumentation.library.LibrarySockets;
import dev.udsotel.agent.instrumentation.record.SocketFacts;
import dev.udsotel.core.event.Connection;
import java.lang.reflect.Method;
import java.net.SocketOption;

/**
 * Reads jnr-unixsocket's channels through their public API, reflectively: {@code getFD()}, SO_PEERCRED with the pid
 * ({@code getOption(UnixSocketOptions.SO_PEERCRED)}) and {@code UnixSocketAddress.path()}. Its buffers are the JDK's.
 */
public final class JnrUnixsocketSockets implements LibrarySockets {
    private static final String ADDRESS = "jnr.unixsocket.UnixSocketAddress";

    @Override
    public String pathOf(Object address) {
        if (address == null || !address.getClass().getName().equals(ADDRESS)) {
            return "";
        }
        try {
            return String.valueOf(address.getClass().getMethod("path").invoke(address));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "";
        }
    }

    @Override
    public long inode(Object channel) {
        try {
            return SocketFacts.inodeOfFd(
                    (Integer) channel.getClass().getMethod("getFD").invoke(channel));
        } catch (Exception | LinkageError e) {
            return 0;
        }
    }

    @Override
    public void readPeerCredentials(Object channel, Connection connection) {
        try {
            Class<?> options = Class.forName(
                    "jnr.unixsocket.UnixSocketOptions",
                    false,
                    channel.getClass().getClassLoader());
            Object peerCredentials = options.getField("SO_PEERCRED").get(null);
            Method getOption = channel.getClass().getMethod("getOption", SocketOption.class);
            Object credentials = getOption.invoke(channel, peerCredentials);
            Class<?> type = credentials.getClass();
            connection.peerCredentials(
                    (Integer) type.getMethod("getPid").invoke(credentials),
                    (Integer) type.getMethod("getUid").invoke(credentials),
                    (Integer) type.getMethod("getGid").invoke(credentials));
        } catch (Exception | LinkageError e) {
            // not connected any more: credentials stay unknown
        }
    }

    @Override
    public int copy(Object buffer, long index, byte[] into) {
        return JdkBuffers.copy(buffer, index, into);
    }
}
