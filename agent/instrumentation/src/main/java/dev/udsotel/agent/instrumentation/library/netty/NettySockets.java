package dev.udsotel.agent.instrumentation.library.netty;

import dev.udsotel.agent.instrumentation.library.LibrarySockets;
import dev.udsotel.agent.instrumentation.record.SocketFacts;
import dev.udsotel.core.event.Connection;
import java.lang.reflect.Method;

/**
 * Reads Netty's channels, addresses and buffers through their public API, reflectively (the classes are the
 * application's): the file descriptor behind {@code UnixChannel.fd()}, SO_PEERCRED with the pid from
 * {@code peerCredentials()}, {@code DomainSocketAddress.path()} and {@code ByteBuf.getBytes}.
 */
public final class NettySockets implements LibrarySockets {
    private static final String DOMAIN_ADDRESS = "io.netty.channel.unix.DomainSocketAddress";

    private final ClassValue<Method> fd = methodOf("io.netty.channel.unix.UnixChannel", "fd");
    private final ClassValue<Method> intValue = methodOf("io.netty.channel.unix.FileDescriptor", "intValue");
    private final ClassValue<Method> peerCredentials = publicMethod("peerCredentials");
    private final ClassValue<Method> pid = publicMethod("pid");
    private final ClassValue<Method> uid = publicMethod("uid");
    private final ClassValue<Method> gids = publicMethod("gids");
    private final ClassValue<Method> writerIndex = methodOf("io.netty.buffer.ByteBuf", "writerIndex");
    private final ClassValue<Method> getBytes = methodOf("io.netty.buffer.ByteBuf", "getBytes", int.class, byte[].class,
            int.class, int.class);

    @Override
    public String pathOf(Object address) {
        return address != null && address.getClass().getName().equals(DOMAIN_ADDRESS) ? address.toString() : "";
    }

    @Override
    public long inode(Object channel) {
        try {
            Object descriptor = fd.get(channel.getClass()).invoke(channel);
            return SocketFacts.inodeOfFd((Integer) intValue.get(descriptor.getClass()).invoke(descriptor));
        } catch (Exception | LinkageError e) {
            return 0;
        }
    }

    @Override
    public void readPeerCredentials(Object channel, Connection connection) {
        try {
            Object credentials = peerCredentials.get(channel.getClass()).invoke(channel);
            int[] groups = (int[]) gids.get(credentials.getClass()).invoke(credentials);
            connection.peerCredentials((Integer) pid.get(credentials.getClass()).invoke(credentials),
                    (Integer) uid.get(credentials.getClass()).invoke(credentials),
                    groups.length > 0 ? groups[0] : Connection.UNKNOWN);
        } catch (Exception | LinkageError e) {
            // closed meanwhile, or a channel without credentials: they stay unknown
        }
    }

    @Override
    public int copy(Object buffer, long index, byte[] into) {
        try {
            int available = (Integer) writerIndex.get(buffer.getClass()).invoke(buffer) - (int) index;
            int take = Math.min(into.length, available);
            if (take <= 0) {
                return 0;
            }
            getBytes.get(buffer.getClass()).invoke(buffer, (int) index, into, 0, take);
            return take;
        } catch (Exception | LinkageError e) {
            return 0;
        }
    }

    /** A public method of a public Netty type, found through the class loader of the object's class. */
    private static ClassValue<Method> methodOf(String typeName, String name, Class<?>... parameters) {
        return new ClassValue<>() {
            @Override
            protected Method computeValue(Class<?> type) {
                try {
                    return Class.forName(typeName, false, type.getClassLoader()).getMethod(name, parameters);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    /** A public method of the object's own public class. */
    private static ClassValue<Method> publicMethod(String name) {
        return new ClassValue<>() {
            @Override
            protected Method computeValue(Class<?> type) {
                try {
                    return type.getMethod(name);
                } catch (NoSuchMethodException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }
}
