package dev.udsotel.agent.instrumentation.library.netty;

import dev.udsotel.agent.instrumentation.library.LibrarySockets;
import dev.udsotel.agent.instrumentation.record.SocketFacts;
import dev.udsotel.core.event.Connection;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Reads Netty's channels, addresses and buffers through their public API, reflectively (the classes are the
 * application's): the file descriptor behind {@code UnixChannel.fd()}, SO_PEERCRED with the pid from
 * {@code peerCredentials()}, {@code DomainSocketAddress.path()} and {@code ByteBuf.getBytes}. The same code reads a
 * relocated Netty (grpc-netty-shaded's): each Netty type is looked up under the package prefix of the object's class.
 */
public final class NettySockets implements LibrarySockets {
    private static final String NETTY = "io.netty.";
    private static final String DOMAIN_ADDRESS = NETTY + "channel.unix.DomainSocketAddress";
    private static final String OUTBOUND_BUFFER = NETTY + "channel.ChannelOutboundBuffer";

    private final ClassValue<Method> fd = methodOf(NETTY + "channel.unix.UnixChannel", "fd");
    private final ClassValue<Method> intValue = methodOf(NETTY + "channel.unix.FileDescriptor", "intValue");
    private final ClassValue<Method> peerCredentials = publicMethod("peerCredentials");
    private final ClassValue<Method> pid = publicMethod("pid");
    private final ClassValue<Method> uid = publicMethod("uid");
    private final ClassValue<Method> gids = publicMethod("gids");
    private final ClassValue<Method> readerIndex = methodOf(NETTY + "buffer.ByteBuf", "readerIndex");
    private final ClassValue<Method> writerIndex = methodOf(NETTY + "buffer.ByteBuf", "writerIndex");
    private final ThreadLocal<FlushedCopy> flushedCopy = new ThreadLocal<>();
    private final ClassValue<Method> getBytes =
            methodOf(NETTY + "buffer.ByteBuf", "getBytes", int.class, byte[].class, int.class, int.class);
    /** {@code ChannelOutboundBuffer.forEachFlushedMessage(MessageProcessor)}, the processor type being Netty's too. */
    private final ClassValue<Method> forEachFlushedMessage = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            try {
                String outbound = relocationOf(type) + OUTBOUND_BUFFER;
                Class<?> processor = Class.forName(outbound + "$MessageProcessor", false, type.getClassLoader());
                return Class.forName(outbound, false, type.getClassLoader())
                        .getMethod("forEachFlushedMessage", processor);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    @Override
    public String pathOf(Object address) {
        return address != null && address.getClass().getName().endsWith(DOMAIN_ADDRESS) ? address.toString() : "";
    }

    @Override
    public long inode(Object channel) {
        try {
            Object descriptor = fd.get(channel.getClass()).invoke(channel);
            return SocketFacts.inodeOfFd(
                    (Integer) intValue.get(descriptor.getClass()).invoke(descriptor));
        } catch (Exception | LinkageError e) {
            return 0;
        }
    }

    @Override
    public void readPeerCredentials(Object channel, Connection connection) {
        try {
            Object credentials = peerCredentials.get(channel.getClass()).invoke(channel);
            int[] groups = (int[]) gids.get(credentials.getClass()).invoke(credentials);
            connection.peerCredentials(
                    (Integer) pid.get(credentials.getClass()).invoke(credentials),
                    (Integer) uid.get(credentials.getClass()).invoke(credentials),
                    groups.length > 0 ? groups[0] : Connection.UNKNOWN);
        } catch (Exception | LinkageError e) {
            // closed meanwhile, or a channel without credentials: they stay unknown
        }
    }

    /**
     * Copies from a ByteBuf at {@code index} (a read), or from a ChannelOutboundBuffer's flushed messages, each from its
     * reader index, {@code index} bytes into them (a write, which may have taken several of them).
     */
    @Override
    public int copy(Object buffer, long index, byte[] into) {
        try {
            if (buffer.getClass().getName().endsWith(OUTBOUND_BUFFER)) {
                return copyFlushed(buffer, index, into);
            }
            return copy(buffer, (int) index, into, 0);
        } catch (Exception | LinkageError e) {
            return 0;
        }
    }

    /** Copies {@code buffer}'s bytes from {@code index} into {@code into} from {@code offset} on; answers how many. */
    private int copy(Object buffer, int index, byte[] into, int offset) throws ReflectiveOperationException {
        int take = Math.min(
                into.length - offset,
                (Integer) writerIndex.get(buffer.getClass()).invoke(buffer) - index);
        if (take <= 0) {
            return 0;
        }
        getBytes.get(buffer.getClass()).invoke(buffer, index, into, offset, take);
        return take;
    }

    /** The flushed messages in order, through {@code forEachFlushedMessage}, until {@code into} is full. */
    private int copyFlushed(Object outbound, long skip, byte[] into) throws ReflectiveOperationException {
        Method forEach = forEachFlushedMessage.get(outbound.getClass());
        Class<?> processorType = forEach.getParameterTypes()[0];
        FlushedCopy copy = flushedCopy.get();
        if (copy == null || copy.processorType != processorType) {
            copy = new FlushedCopy(processorType);
            flushedCopy.set(copy);
        }
        copy.into = into;
        copy.filled = 0;
        copy.skip = skip;
        try {
            forEach.invoke(outbound, copy.processor);
            return copy.filled;
        } finally {
            copy.into = null;
        }
    }

    /**
     * A {@code MessageProcessor} that copies each flushed message into the current preview: one per event loop thread,
     * made once, so a write allocates no proxy.
     */
    private final class FlushedCopy implements InvocationHandler {
        final Class<?> processorType;
        final Object processor;
        byte[] into;
        int filled;
        /** Bytes of the flushed messages before the range to copy. */
        long skip;

        FlushedCopy(Class<?> processorType) {
            this.processorType = processorType;
            this.processor =
                    Proxy.newProxyInstance(processorType.getClassLoader(), new Class<?>[] {processorType}, this);
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws ReflectiveOperationException {
            if (!method.getName().equals("processMessage")) {
                return method.invoke(this, args); // equals, hashCode, toString
            }
            Method index = readerIndex.get(args[0].getClass());
            if (!index.getDeclaringClass().isInstance(args[0])) {
                return false; // a FileRegion: the preview ends here
            }
            int from = (Integer) index.invoke(args[0]);
            if (skip > 0) {
                long readable = (Integer) writerIndex.get(args[0].getClass()).invoke(args[0]) - from;
                if (skip >= readable) {
                    skip -= readable;
                    return true;
                }
                from += (int) skip;
                skip = 0;
            }
            filled += copy(args[0], from, into, filled);
            return filled < into.length;
        }
    }

    /**
     * A public method of a public Netty type, found through the class loader of the object's class, under the package
     * prefix Netty has there.
     */
    private static ClassValue<Method> methodOf(String typeName, String name, Class<?>... parameters) {
        return new ClassValue<>() {
            @Override
            protected Method computeValue(Class<?> type) {
                try {
                    return Class.forName(relocationOf(type) + typeName, false, type.getClassLoader())
                            .getMethod(name, parameters);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    /** What precedes {@code io.netty.} in the name of the first Netty class in {@code type}'s hierarchy ("" unrelocated). */
    static String relocationOf(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            int netty = c.getName().indexOf(NETTY);
            if (netty >= 0) {
                return c.getName().substring(0, netty);
            }
        }
        return "";
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
