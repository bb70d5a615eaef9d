package dev.udsotel.agent.instrumentation.library.junixsocket;

import dev.udsotel.agent.instrumentation.library.JdkBuffers;
import dev.udsotel.agent.instrumentation.library.LibrarySockets;
import dev.udsotel.agent.instrumentation.record.SocketFacts;
import dev.udsotel.core.event.Connection;
import java.io.FileDescriptor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Reads junixsocket's sockets reflectively: the number of its file descriptor (the JDK's own field, which every
 * version fills; {@code FileDescriptorCast} answers it only from 2.7), SO_PEERCRED with the pid ({@code AFUNIXSocketImpl.getPeerCredentials}) and {@code AFUNIXSocketAddress.getPath()}.
 * Its buffers are the JDK's (byte arrays and ByteBuffers).
 */
public final class JunixsocketSockets implements LibrarySockets {
    private static final String ADDRESS = "org.newsclub.net.unix.AFUNIXSocketAddress";

    private final ClassValue<Method> fileDescriptor =
            declared("org.newsclub.net.unix.AFSocketImpl", "getFileDescriptor");
    private final ClassValue<Method> peerCredentials =
            declared("org.newsclub.net.unix.AFUNIXSocketImpl", "getPeerCredentials");
    private final Field fd = fdField();

    @Override
    public String pathOf(Object address) {
        if (address == null || !address.getClass().getName().equals(ADDRESS)) {
            return "";
        }
        try {
            return String.valueOf(address.getClass().getMethod("getPath").invoke(address));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "";
        }
    }

    @Override
    public long inode(Object socket) {
        try {
            Object descriptor = fileDescriptor.get(socket.getClass()).invoke(socket);
            return SocketFacts.inodeOfFd(fd.getInt(descriptor));
        } catch (Exception | LinkageError e) {
            return 0;
        }
    }

    @Override
    public void readPeerCredentials(Object socket, Connection connection) {
        try {
            Object credentials = peerCredentials.get(socket.getClass()).invoke(socket);
            Class<?> type = credentials.getClass();
            connection.peerCredentials(
                    (int) (long) (Long) type.getMethod("getPid").invoke(credentials),
                    (int) (long) (Long) type.getMethod("getUid").invoke(credentials),
                    (int) (long) (Long) type.getMethod("getGid").invoke(credentials));
        } catch (Exception | LinkageError e) {
            // not connected any more: credentials stay unknown
        }
    }

    @Override
    public int copy(Object buffer, long index, byte[] into) {
        return JdkBuffers.copy(buffer, index, into);
    }

    /** {@code FileDescriptor.fd}, which the agent opened java.io for; null (no inode) if it could not. */
    private static Field fdField() {
        try {
            Field field = FileDescriptor.class.getDeclaredField("fd");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** A method declared by a junixsocket class (package-private or protected: junixsocket's packages are open). */
    private static ClassValue<Method> declared(String typeName, String name) {
        return new ClassValue<>() {
            @Override
            protected Method computeValue(Class<?> socketClass) {
                try {
                    Method method = Class.forName(typeName, false, socketClass.getClassLoader())
                            .getDeclaredMethod(name);
                    method.setAccessible(true);
                    return method;
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }
}
