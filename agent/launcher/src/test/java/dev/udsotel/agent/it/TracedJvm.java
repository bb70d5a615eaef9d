package dev.udsotel.agent.it;

import dev.udsotel.testing.ChildJvm;
import dev.udsotel.testing.OtlpReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Child JVMs running a test workload from the compiled test classes, with or without the built agent jar. */
final class TracedJvm {
    static final Path AGENT_JAR = Path.of(System.getProperty("uds.agent.jar", "../target/uds-agent.jar"))
            .toAbsolutePath();
    static final String WORKLOADS = System.getProperty("uds.test.classes", "target/test-classes");
    /** Long enough for a cold JVM with the agent on a busy two-core machine. */
    static final Duration WAIT = Duration.ofSeconds(90);
    /** How long spans may take to arrive once a traced JVM has exited (its shutdown hook already flushed them). */
    static final Duration ARRIVAL = Duration.ofSeconds(20);

    private TracedJvm() {}

    /**
     * The workload alone: {@code -cp <test classes> <main> <args>}. The workloads' own protocols are binary that no
     * decoder knows, whose previews the tests compare, so their socket directories are opted in to raw previews
     * ({@code payload.raw.paths}, from the environment, where an agent argument still overrides it).
     */
    static ChildJvm untraced(int jdk, Class<?> main, String... args) {
        return ChildJvm.on(jdk)
                .name(main.getSimpleName() + "-jdk" + jdk)
                .classpath(WORKLOADS)
                .mainClass(main.getName(), args)
                .env("UDS_PAYLOAD_RAW_PATHS", "/tmp/uds-it-*/**");
    }

    /** The workload under {@code -javaagent:uds-agent.jar[=options]}, exporting OTLP/HTTP protobuf to the receiver. */
    static ChildJvm traced(int jdk, OtlpReceiver receiver, String options, Class<?> main, String... args) {
        ChildJvm jvm = untraced(jdk, main, args);
        jvm = options == null ? jvm.javaAgent(AGENT_JAR) : jvm.javaAgent(AGENT_JAR, options);
        return jvm.env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    }

    /**
     * On JDK 24 and later the agent loads its sock_diag library only where the JVM grants native access, as the
     * README advises for exact connection ids on connections that live only a few milliseconds.
     */
    static ChildJvm withNativeAccess(int jdk, ChildJvm jvm) {
        return jdk >= 24 ? jvm.jvmArgument("--enable-native-access=ALL-UNNAMED") : jvm;
    }

    /** The jars of this test's class path whose path contains one of {@code parts} (a library and what it needs). */
    static String jarsOf(String... parts) {
        return ChildJvm.jarsOf(parts);
    }

    static ChildJvm traced(int jdk, OtlpReceiver receiver, Class<?> main, String... args) {
        return traced(jdk, receiver, null, main, args);
    }

    /** A fresh directory for socket files, short enough for the 107-byte limit on socket paths; removed at exit. */
    static Path socketDirectory() {
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "uds-it-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> removeQuietly(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void removeQuietly(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // only litter in /tmp
        }
    }
}
