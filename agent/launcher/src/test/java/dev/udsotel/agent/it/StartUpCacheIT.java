package dev.udsotel.agent.it;

import static dev.udsotel.agent.it.TracedJvm.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.agent.it.workload.PingPongWorkload;
import dev.udsotel.testing.ChildJvm;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpJsonLines;
import dev.udsotel.testing.Prerequisite;
import dev.udsotel.testing.ReceivedSpan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The class file cache: the first start with a new JDK or agent build (cold) instruments with Byte Buddy and stores
 * the class files; later starts (warm) install them without loading Byte Buddy. Each test has a cache directory of its
 * own ({@code -Duds.cache.dir}), so no test depends on what another left behind. Which classes a JVM loaded is read
 * from its {@code -Xlog:class+load} file.
 */
class StartUpCacheIT {
    private static final int ROUNDS = 2;
    private static final String BYTE_BUDDY = "net.bytebuddy.";
    private static final String CDS_WARNING = "Sharing is only supported";
    private static final Map<Integer, Runs> COLD_THEN_WARM = new ConcurrentHashMap<>();

    private record Run(int exitCode, String stdout, String stderr, List<String> spans, String classLog) {
        boolean loadedByteBuddy() {
            return classLog.contains(BYTE_BUDDY);
        }

        List<String> agentLines() {
            return stderr.lines().filter(line -> line.startsWith("[uds-agent]")).toList();
        }

        /** The agent's lines besides the start-up line every traced run prints. */
        List<String> agentRemarks() {
            return agentLines().stream()
                    .filter(line -> !line.startsWith("[uds-agent] tracing Unix domain sockets"))
                    .toList();
        }
    }

    private record Runs(Path cache, Run cold, Run warm) {}

    private static Runs coldThenWarm(int jdk) {
        return COLD_THEN_WARM.computeIfAbsent(jdk, feature -> {
            Path cache = freshCache();
            return new Runs(cache, run(feature, cache), run(feature, cache));
        });
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void coldAndWarmStartsTraceTheSameSpansAndOnlyTheColdOneLoadsByteBuddy(int jdk) {
        Runs runs = coldThenWarm(jdk);
        assertEquals(2 * ROUNDS, runs.cold.spans.size(), runs.cold.toString());
        assertEquals(runs.cold.spans, runs.warm.spans);
        assertTrue(runs.cold.loadedByteBuddy(), "the cold start builds the advice");
        assertFalse(runs.warm.loadedByteBuddy(), "the warm start loaded Byte Buddy:\n" + byteBuddyLines(runs.warm));
        assertEquals(List.of(), runs.cold.agentRemarks(), runs.cold.stderr);
        assertEquals(List.of(), runs.warm.agentRemarks(), runs.warm.stderr);
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void storesTheThreeChannelClassesPrivatelyToTheUser(int jdk) throws IOException {
        Path cache = coldThenWarm(jdk).cache;
        assertEquals(
                "rwx------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(cache, LinkOption.NOFOLLOW_LINKS)));
        for (String type : List.of("SocketChannelImpl-", "ServerSocketChannelImpl-", "FileChannelImpl-")) {
            List<Path> entries = classFiles(cache).stream()
                    .filter(p -> p.getFileName().toString().startsWith(type))
                    .toList();
            assertEquals(1, entries.size(), type + " in " + classFiles(cache));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(entries.get(0))));
        }
    }

    /** The bootstrap classes are defined in java.base instead of appended to the boot class path. */
    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void leavesClassDataSharingOnForApplicationClasses(int jdk) {
        Runs runs = coldThenWarm(jdk);
        assertFalse(runs.cold.stderr.contains(CDS_WARNING), runs.cold.stderr);
        assertFalse(runs.warm.stderr.contains(CDS_WARNING), runs.warm.stderr);
        assertTrue(
                runs.warm.classLog.contains("sun.nio.ch.UdsOtelRecorder source: __JVM_LookupDefineClass__"),
                "defined in java.base");
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void rebuildsCorruptEntriesWithByteBuddyAndKeepsTracing(int jdk) throws IOException {
        Path cache = freshCache();
        Run cold = run(jdk, cache);
        for (Path entry : classFiles(cache)) {
            byte[] bytes = Files.readAllBytes(entry);
            bytes[bytes.length / 2] ^= 0x5a;
            Files.write(entry, bytes);
        }

        Run corrupt = run(jdk, cache);
        assertEquals(cold.spans, corrupt.spans);
        assertTrue(corrupt.loadedByteBuddy(), "a corrupt entry is never installed");
        assertEquals(1, corrupt.agentRemarks().size(), corrupt.stderr);
        assertTrue(corrupt.agentRemarks().get(0).contains("is corrupt; building the advice again"), corrupt.stderr);

        Run repaired = run(jdk, cache);
        assertEquals(cold.spans, repaired.spans);
        assertFalse(repaired.loadedByteBuddy(), "the corrupt entries were replaced:\n" + byteBuddyLines(repaired));
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void refusesACacheDirectoryOthersCanWriteToAndKeepsTracing(int jdk) throws IOException {
        Path cache = freshCache();
        Run cold = run(jdk, cache);
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));

        Run open = run(jdk, cache);
        assertEquals(cold.spans, open.spans);
        assertTrue(open.loadedByteBuddy(), "nothing from that directory is used");
        assertEquals(
                List.of("[uds-agent] no class file cache: " + cache
                        + " is open to other users (mode 777); using a temporary directory"),
                open.agentRemarks(),
                open.stderr);
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void refusesACacheDirectoryOfAnotherUserAndKeepsTracing(int jdk) throws IOException {
        Prerequisite.require("root".equals(System.getProperty("user.name")), "only root can give a directory away");
        Path cache = freshCache();
        Run cold = run(jdk, cache);
        Files.setAttribute(cache, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);

        Run foreign = run(jdk, cache);
        assertEquals(cold.spans, foreign.spans);
        assertTrue(foreign.loadedByteBuddy(), "nothing from that directory is used");
        assertEquals(1, foreign.agentRemarks().size(), foreign.stderr);
        assertTrue(
                foreign.agentRemarks()
                        .get(0)
                        .startsWith("[uds-agent] no class file cache: " + cache + " belongs to uid 65534"),
                foreign.stderr);
    }

    /**
     * A ping-pong of {@link #ROUNDS} rounds under the agent; its spans, reduced to what must not differ between runs.
     * They are read from the JSON lines the logging-otlp exporter writes to standard error as they are exported, so
     * the comparison does not depend on a network flush at exit.
     */
    private static Run run(int jdk, Path cache) {
        Path socket = TracedJvm.socketDirectory().resolve("pp.sock");
        Path classLog = TracedJvm.socketDirectory().resolve("classes.log");
        ChildJvm jvm = TracedJvm.untraced(jdk, PingPongWorkload.class, String.valueOf(ROUNDS), socket.toString())
                .javaAgent(TracedJvm.AGENT_JAR)
                .env("OTEL_TRACES_EXPORTER", "logging-otlp")
                .jvmArgument("-Xlog:class+load=info:file=" + classLog)
                .systemProperty("uds.cache.dir", cache.toString());
        try (ChildProcess app = jvm.start()) {
            int exit = app.waitFor(WAIT);
            assertEquals(0, exit, app.output());
            List<String> spans = OtlpJsonLines.parse(app.stderr()).stream()
                    .filter(ReceivedSpan.named("UDS " + socket))
                    .map(span -> essence(span, socket))
                    .sorted()
                    .toList();
            assertEquals(2 * ROUNDS, spans.size(), app.output());
            String stderr =
                    app.stderr().lines().filter(line -> !line.startsWith("{")).reduce("", (a, b) -> a + b + "\n");
            return new Run(exit, app.stdout(), stderr, spans, Files.readString(classLog));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each run has a socket of its own, so the path is left out. */
    private static String essence(ReceivedSpan span, Path socket) {
        return span.kind() + " " + span.name().replace(socket.toString(), "<socket>") + " request "
                + span.longAttribute("uds.request.bytes") + " bytes "
                + span.stringAttribute("uds.request.preview") + " response " + span.longAttribute("uds.response.bytes")
                + " bytes " + span.stringAttribute("uds.response.preview");
    }

    private static Path freshCache() {
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "uds-cache-it-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> removeQuietly(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> classFiles(Path cache) throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".class"))
                    .sorted()
                    .toList();
        }
    }

    private static String byteBuddyLines(Run run) {
        return run.classLog
                .lines()
                .filter(line -> line.contains(BYTE_BUDDY))
                .limit(5)
                .reduce("", (a, b) -> a + b + "\n");
    }

    private static void removeQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // only litter in /tmp
        }
    }
}
