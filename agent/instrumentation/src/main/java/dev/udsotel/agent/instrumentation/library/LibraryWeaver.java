package dev.udsotel.agent.instrumentation.library;

import dev.udsotel.agent.instrumentation.AgentLog;
import dev.udsotel.agent.instrumentation.library.jnr.JnrUnixsocket;
import dev.udsotel.agent.instrumentation.library.junixsocket.Junixsocket;
import dev.udsotel.agent.instrumentation.library.netty.NettyEpoll;
import dev.udsotel.agent.instrumentation.library.netty.NettyIoUring;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;

/**
 * Builds a library's advice into one of its classes as it loads. Everything is read as class files through a type
 * pool (the library's loader for its classes, the agent's for the advice), so no library class is loaded early and
 * the agent's class loader never needs to see one. Nothing is added to the class: no field, no method.
 */
final class LibraryWeaver {
    static final String NETTY_EPOLL = "netty-epoll";
    static final String NETTY_IO_URING = "netty-io_uring";
    /** Netty's outbound buffer, through which both native transports report their writes. */
    static final String NETTY_NATIVE = "netty-native";

    static final String JUNIXSOCKET = "junixsocket";
    static final String JNR_UNIXSOCKET = "jnr-unixsocket";
    static final String GRPC_SHADED_NETTY_EPOLL = "grpc-shaded-netty-epoll";
    /** Where grpc-netty-shaded moved Netty, as an internal-name prefix. */
    static final String GRPC_SHADED_PREFIX = "io/grpc/netty/shaded/";
    /** Netty epoll as grpc-netty-shaded carries it, under {@code io.grpc.netty.shaded.io.netty}. */
    static final Library GRPC_SHADED_EPOLL = new RelocatedLibrary(
            new NettyEpoll(), new Relocation("io.netty.", "io.grpc.netty.shaded.io.netty."), "grpc-netty-shaded");

    private static final Library EPOLL = new NettyEpoll();
    private static final Library IO_URING = new NettyIoUring();
    /** Each key's libraries, tried in turn: a class shared by several gets the advice of the first compatible one. */
    private static final Map<String, List<Library>> LIBRARIES = Map.of(
            NETTY_EPOLL,
            List.of(EPOLL),
            NETTY_IO_URING,
            List.of(IO_URING),
            NETTY_NATIVE,
            List.of(EPOLL, IO_URING),
            JUNIXSOCKET,
            List.of(new Junixsocket()),
            JNR_UNIXSOCKET,
            List.of(new JnrUnixsocket()),
            GRPC_SHADED_NETTY_EPOLL,
            List.of(GRPC_SHADED_EPOLL));

    private static final Map<ClassLoader, Map<Library, Boolean>> COMPATIBLE =
            Collections.synchronizedMap(new WeakHashMap<>());
    private static final Set<Library> REPORTED = ConcurrentHashMap.newKeySet();

    private LibraryWeaver() {}

    /** The advised class file, or null to leave it as it is. */
    static byte[] weave(String key, ClassLoader loader, String internalName, byte[] classFile) {
        String typeName = internalName.replace('/', '.');
        ClassFileLocator libraryClasses = new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(typeName, classFile), ClassFileLocator.ForClassLoader.of(loader));
        // what the library lacks is asked of its own loader alone: the agent's may see another copy of it
        TypePool libraryPool = TypePool.Default.of(libraryClasses);
        for (Library library : LIBRARIES.get(key)) {
            if (compatible(library, loader, libraryPool)) {
                return weave(library, loader, typeName, libraryClasses);
            }
        }
        return null;
    }

    /** The class advised by one compatible library, or null when the library advises none of its methods. */
    private static byte[] weave(Library library, ClassLoader loader, String typeName, ClassFileLocator libraryClasses) {
        ClassFileLocator agent = ClassFileLocator.ForClassLoader.of(LibraryWeaver.class.getClassLoader());
        ClassFileLocator locator = new ClassFileLocator.Compound(library.adviceClasses(agent), libraryClasses, agent);
        TypePool pool = TypePool.Default.of(locator);
        AsmVisitorWrapper advice = AsmVisitorWrapper.NoOp.INSTANCE;
        for (Library.Advised advised : library.advised()) {
            if (advised.type().equals(typeName)) {
                advice = new AsmVisitorWrapper.Compound(
                        advice,
                        Advice.to(pool.describe(advised.advice()).resolve(), locator)
                                .on(advised.methods()));
            }
        }
        if (advice == AsmVisitorWrapper.NoOp.INSTANCE) {
            return null;
        }
        byte[] woven = new ByteBuddy()
                .with(TypeValidation.DISABLED)
                .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
                .with(Implementation.Context.Disabled.Factory.INSTANCE)
                .redefine(pool.describe(typeName).resolve(), locator)
                .visit(advice)
                .make()
                .getBytes();
        if (Boolean.getBoolean("uds.debug")) {
            AgentLog.info("instrumented " + typeName + " (" + library.name() + ", " + version(library, loader) + ")");
        }
        return woven;
    }

    /**
     * Whether everything the library's advice needs is in this loader. A loader without the library at all is left
     * alone silently; one with a version that lacks a member gets one line, once per library.
     */
    private static boolean compatible(Library library, ClassLoader loader, TypePool pool) {
        Map<Library, Boolean> known = COMPATIBLE.computeIfAbsent(loader, l -> new ConcurrentHashMap<>());
        Boolean answer = known.get(library);
        if (answer != null) {
            return answer;
        }
        String missing = loader.getResource(library.versionMarker()) == null ? "" : missing(library, pool);
        boolean ok = missing == null;
        known.put(library, ok);
        if (!ok && !missing.isEmpty() && REPORTED.add(library)) {
            AgentLog.info(library.name() + " (" + version(library, loader) + ") lacks " + missing
                    + ", which the agent expects; its Unix sockets are not traced");
        }
        return ok;
    }

    /** What the library in this loader lacks, or null when nothing. */
    private static String missing(Library library, TypePool pool) {
        for (Library.Advised advised : library.advised()) {
            TypePool.Resolution type = pool.describe(advised.type());
            if (!type.isResolved()
                    || type.resolve()
                            .getDeclaredMethods()
                            .filter(advised.methods())
                            .isEmpty()) {
                return advised.expected();
            }
        }
        for (Library.Member member : library.referenced()) {
            TypePool.Resolution resolution = pool.describe(member.type());
            if (!resolution.isResolved()) {
                return member.expected();
            }
            TypeDescription type = resolution.resolve();
            if (member.method() != null
                    && type.getDeclaredMethods().filter(member.method()).isEmpty()) {
                return member.expected();
            }
            if (member.field() != null
                    && type.getDeclaredFields()
                            .filter(f -> f.getName().equals(member.field()))
                            .isEmpty()) {
                return member.expected();
            }
        }
        return null;
    }

    /** The name of the jar the library's marker class comes from, which carries its version. */
    static String version(Library library, ClassLoader loader) {
        URL url = loader.getResource(library.versionMarker());
        if (url == null) {
            return "not found";
        }
        String location = url.toString();
        int end = location.indexOf("!/");
        String jar = end > 0 ? location.substring(0, end) : location;
        return jar.substring(jar.lastIndexOf('/') + 1);
    }
}
