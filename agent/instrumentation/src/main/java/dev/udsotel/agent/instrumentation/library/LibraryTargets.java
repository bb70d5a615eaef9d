package dev.udsotel.agent.instrumentation.library;

import dev.udsotel.agent.bridge.UdsOtelSockets;
import dev.udsotel.agent.instrumentation.AgentLog;
import dev.udsotel.agent.instrumentation.library.jnr.JnrUnixsocketSockets;
import dev.udsotel.agent.instrumentation.library.junixsocket.JunixsocketSockets;
import dev.udsotel.agent.instrumentation.library.netty.NettySockets;
import dev.udsotel.agent.instrumentation.record.EventRecorder;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Watches class loading for the few library classes the agent advises, by name. Byte Buddy is loaded only when one of
 * them appears (the {@link LibraryWeaver} does the work), so an application without these libraries pays a map lookup
 * per loaded class and nothing more.
 */
public final class LibraryTargets implements ClassFileTransformer {
    /** Internal class name to the library it belongs to, by its key in {@link LibraryWeaver}. */
    static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("io/netty/channel/epoll/AbstractEpollChannel", LibraryWeaver.NETTY_EPOLL),
            Map.entry("io/netty/channel/epoll/AbstractEpollStreamChannel", LibraryWeaver.NETTY_EPOLL),
            Map.entry("io/netty/channel/epoll/EpollDomainSocketChannel", LibraryWeaver.NETTY_EPOLL),
            Map.entry("io/netty/channel/epoll/EpollServerDomainSocketChannel", LibraryWeaver.NETTY_EPOLL),
            Map.entry("io/netty/channel/uring/AbstractIoUringChannel", LibraryWeaver.NETTY_IO_URING),
            Map.entry(
                    "io/netty/channel/uring/AbstractIoUringChannel$AbstractUringUnsafe", LibraryWeaver.NETTY_IO_URING),
            Map.entry("io/netty/channel/uring/AbstractIoUringStreamChannel", LibraryWeaver.NETTY_IO_URING),
            Map.entry(
                    "io/netty/channel/uring/AbstractIoUringStreamChannel$IoUringStreamUnsafe",
                    LibraryWeaver.NETTY_IO_URING),
            Map.entry("io/netty/channel/uring/IoUringServerDomainSocketChannel", LibraryWeaver.NETTY_IO_URING),
            Map.entry("io/netty/channel/ChannelOutboundBuffer", LibraryWeaver.NETTY_NATIVE),
            // junixsocket before 2.5 has AFUNIXSocketImpl but no AFSocketImpl: loading it is where such a version is
            // named
            Map.entry("org/newsclub/net/unix/AFUNIXSocketImpl", LibraryWeaver.JUNIXSOCKET),
            Map.entry("org/newsclub/net/unix/AFSocketImpl", LibraryWeaver.JUNIXSOCKET),
            Map.entry("org/newsclub/net/unix/AFSocketImpl$AFInputStreamImpl", LibraryWeaver.JUNIXSOCKET),
            Map.entry("org/newsclub/net/unix/AFSocketImpl$AFOutputStreamImpl", LibraryWeaver.JUNIXSOCKET),
            Map.entry("jnr/unixsocket/impl/AbstractNativeSocketChannel", LibraryWeaver.JNR_UNIXSOCKET),
            Map.entry("jnr/unixsocket/UnixSocketChannel", LibraryWeaver.JNR_UNIXSOCKET),
            Map.entry("jnr/unixsocket/UnixServerSocketChannel", LibraryWeaver.JNR_UNIXSOCKET));
    /**
     * grpc-netty-shaded's Netty epoll: Netty epoll's classes under the relocated prefix. Derived from the names alone,
     * so that watching for them loads no Byte Buddy (a warm start must not).
     */
    static final Map<String, String> RELOCATED = TYPES.entrySet().stream()
            .filter(e -> e.getValue().equals(LibraryWeaver.NETTY_EPOLL)
                    || e.getValue().equals(LibraryWeaver.NETTY_NATIVE))
            .collect(Collectors.toUnmodifiableMap(
                    e -> LibraryWeaver.GRPC_SHADED_PREFIX + e.getKey(), e -> LibraryWeaver.GRPC_SHADED_NETTY_EPOLL));

    private volatile boolean broken;

    private LibraryTargets() {}

    /** Stops every library's advice from reporting (at exit, or when the agent could not start). */
    public static void silence() {
        UdsOtelSockets.netty = null;
        UdsOtelSockets.junixsocket = null;
        UdsOtelSockets.jnrUnixsocket = null;
    }

    /** Starts watching, and advises the classes already loaded (the agent was attached to a running JVM). */
    public static void install(Instrumentation instrumentation, EventRecorder recorder) {
        UdsOtelSockets.netty = new LibrarySocketObserver(recorder, new NettySockets());
        UdsOtelSockets.junixsocket = new LibrarySocketObserver(recorder, new JunixsocketSockets());
        UdsOtelSockets.jnrUnixsocket = new LibrarySocketObserver(recorder, new JnrUnixsocketSockets());
        LibraryTargets targets = new LibraryTargets();
        instrumentation.addTransformer(targets, true);
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (libraryOf(type.getName().replace('.', '/')) != null && instrumentation.isModifiableClass(type)) {
                loaded.add(type);
            }
        }
        for (Class<?> type : loaded) {
            try {
                instrumentation.retransformClasses(type);
            } catch (Throwable e) {
                AgentLog.info("could not instrument " + type.getName() + " (" + e + "); its traffic is not traced");
            }
        }
    }

    /** The key of the library a class belongs to, or null. */
    static String libraryOf(String internalName) {
        String library = TYPES.get(internalName);
        return library != null ? library : RELOCATED.get(internalName);
    }

    @Override
    public byte[] transform(
            ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain, byte[] classFile) {
        String library = className == null ? null : libraryOf(className);
        if (library == null || loader == null || broken) {
            return null;
        }
        try {
            return LibraryWeaver.weave(library, loader, className, classFile);
        } catch (Throwable e) {
            broken = true;
            AgentLog.info("could not instrument " + className.replace('/', '.') + " (" + e
                    + "); library sockets are not traced");
            return null;
        }
    }
}
