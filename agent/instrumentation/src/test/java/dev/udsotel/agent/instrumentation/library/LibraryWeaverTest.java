package dev.udsotel.agent.instrumentation.library;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The weaver on grpc-netty-shaded's real jar: its relocated Netty gets the remapped advice, or one line and nothing. */
class LibraryWeaverTest {
    private static final String SHADED = "io/grpc/netty/shaded/io/netty/";
    private static final String READ = SHADED + "channel/epoll/AbstractEpollChannel";
    private static final String WRITTEN = SHADED + "channel/ChannelOutboundBuffer";

    @Test
    void theRelocatedClassesWatchedAreThoseItsDescriptionAdvises() {
        var advised = LibraryWeaver.GRPC_SHADED_EPOLL.advised().stream()
                .map(a -> a.type().replace('.', '/'))
                .collect(java.util.stream.Collectors.toSet());
        assertEquals(advised, LibraryTargets.RELOCATED.keySet());
    }

    @Test
    void weavesGrpcShadedNettyWithTheAdviceRemappedToTheRelocatedNames() throws IOException {
        ClassLoader loader = getClass().getClassLoader();
        byte[] original = classFile(loader, READ);
        byte[] woven = LibraryWeaver.weave(LibraryTargets.libraryOf(READ), loader, READ, original);

        assertNotNull(woven);
        String before = new String(original, ISO_8859_1);
        String after = new String(woven, ISO_8859_1);
        assertFalse(before.contains(SHADED + "channel/unix/DomainSocketChannel"));
        assertTrue(after.contains(SHADED + "channel/unix/DomainSocketChannel"), "the advice's instanceof, relocated");
        assertTrue(after.contains("dev/udsotel/agent/bridge/UdsOtelSockets"), "the advice reports to the bridge");
        assertFalse(after.replace(SHADED, "").contains("io/netty/"), "no reference to an unrelocated Netty type");
    }

    @Test
    void aRelocatedNettyLackingATypeTheAdviceNeedsIsLeftAloneWithOneLine() throws IOException {
        String hidden = SHADED + "channel/unix/DomainSocketChannel.class";
        ClassLoader tests = getClass().getClassLoader();
        // grpc-netty-shaded's jar without one interface, as a Netty from before it existed would be
        ClassLoader lacking = new ClassLoader(null) {
            @Override
            public URL getResource(String name) {
                return name.equals(hidden) ? null : tests.getResource(name);
            }
        };
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, ISO_8859_1));
        try {
            for (String type : List.of(READ, WRITTEN)) {
                assertNull(
                        LibraryWeaver.weave(LibraryTargets.libraryOf(type), lacking, type, classFile(tests, type)),
                        type);
            }
        } finally {
            System.setErr(err);
        }
        List<String> lines = log.toString(ISO_8859_1).lines().toList();
        assertEquals(1, lines.size(), "one line for the library, not one per class: " + lines);
        assertTrue(
                lines.get(0)
                        .matches("\\[uds-agent] Netty epoll in grpc-netty-shaded \\(grpc-netty-shaded-[\\d.]+\\.jar\\) "
                                + "lacks io\\.grpc\\.netty\\.shaded\\.io\\.netty\\.channel\\.unix\\.DomainSocketChannel, which the agent "
                                + "expects; its Unix sockets are not traced"),
                lines.get(0));
    }

    private static byte[] classFile(ClassLoader loader, String internalName) throws IOException {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            return in.readAllBytes();
        }
    }
}
