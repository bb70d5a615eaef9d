package dev.udsotel.sidecar.cli;

import dev.udsotel.testing.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real uds-trace in a child JVM on the test class path, run through testing's {@link ChildProcess}: its output is
 * captured, logged under target/child-processes, and shown when a wait fails.
 */
final class UdsTraceProcess implements AutoCloseable {
    private static final Duration EXIT_BOUND = Duration.ofSeconds(120);

    private final ChildProcess process;

    private UdsTraceProcess(ChildProcess process) {
        this.process = process;
    }

    /**
     * @param dir unused since the output is captured by ChildProcess; kept so the call sites read as before
     * @param prefix a command the JVM runs under, such as setpriv
     */
    static UdsTraceProcess start(Path dir, Map<String, String> env, List<String> prefix, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(UdsTrace.class.getName());
        command.addAll(List.of(args));
        return new UdsTraceProcess(ChildProcess.command(command).name("uds-trace").env(env).start());
    }

    static UdsTraceProcess start(Path dir, String... args) {
        return start(dir, Map.of("OTEL_TRACES_EXPORTER", "none"), List.of(), args);
    }

    /** Waits for the process to end by itself. */
    int waitFor() {
        return process.waitFor(EXIT_BOUND);
    }

    /** Sends SIGTERM, as a service manager or Ctrl-C would, and waits for the orderly exit. */
    int terminate() {
        return process.stop(EXIT_BOUND);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    String stdout() {
        return process.stdout();
    }

    String stderr() {
        return process.stderr();
    }

    @Override
    public void close() {
        process.close();
    }
}
