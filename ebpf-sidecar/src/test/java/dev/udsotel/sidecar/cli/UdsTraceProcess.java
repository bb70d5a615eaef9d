package dev.udsotel.sidecar.cli;

import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real uds-trace in a child JVM on the test class path, its output captured (and logged) by ChildProcess. */
final class UdsTraceProcess implements AutoCloseable {
    private static final Duration EXIT_WAIT = Duration.ofSeconds(120);

    private final ChildProcess process;

    private UdsTraceProcess(ChildProcess process) {
        this.process = process;
    }

    /** @param dir the test's directory, uds-trace's working directory */
    static UdsTraceProcess start(Path dir, Map<String, String> env, List<String> prefix, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(UdsTrace.class.getName());
        command.addAll(List.of(args));
        return new UdsTraceProcess(ChildProcess.command(command)
                .name("uds-trace")
                .env(env)
                .workingDirectory(dir)
                .start());
    }

    /**
     * uds-trace exporting spans and metrics to {@code receiver} over OTLP/HTTP (spans leave within 100 ms), returned
     * once it captures.
     */
    static UdsTraceProcess capturingInto(OtlpReceiver receiver, Path dir, String... args) {
        UdsTraceProcess cli = start(
                dir,
                Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT",
                        receiver.endpoint(),
                        "OTEL_EXPORTER_OTLP_PROTOCOL",
                        "http/protobuf",
                        "OTEL_BSP_SCHEDULE_DELAY",
                        "100"),
                List.of(),
                args);
        try {
            Commands.await(() -> cli.stderr().contains("capturing AF_UNIX traffic") || !cli.isAlive(), "start");
        } catch (RuntimeException | Error e) {
            cli.close();
            throw e;
        }
        return cli;
    }

    static UdsTraceProcess start(Path dir, String... args) {
        return start(dir, Map.of("OTEL_TRACES_EXPORTER", "none"), List.of(), args);
    }

    /** Waits for the process to end by itself; fails with its output if it does not. */
    int waitFor() {
        return process.waitFor(EXIT_WAIT);
    }

    /** Sends SIGTERM, as a service manager or Ctrl-C would, and waits for the orderly exit (killed after that). */
    int terminate() {
        return process.stop(EXIT_WAIT);
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
