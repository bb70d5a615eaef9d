package dev.udsotel.sidecar.cli;

import dev.udsotel.testing.OtlpReceiver;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real uds-trace in a child JVM on the test class path, its output captured in files. */
final class UdsTraceProcess implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private UdsTraceProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static UdsTraceProcess start(Path dir, Map<String, String> env, List<String> prefix, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(UdsTrace.class.getName());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "uds-trace", ".out");
        Path err = Files.createTempFile(dir, "uds-trace", ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(env);
        return new UdsTraceProcess(builder.start(), out, err);
    }

    /**
     * uds-trace exporting spans and metrics to {@code receiver} over OTLP/HTTP (spans leave within 100 ms), returned
     * once it captures.
     */
    static UdsTraceProcess capturingInto(OtlpReceiver receiver, Path dir, String... args) throws IOException {
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

    static UdsTraceProcess start(Path dir, String... args) throws IOException {
        return start(dir, Map.of("OTEL_TRACES_EXPORTER", "none"), List.of(), args);
    }

    /** Waits for the process to end by itself. */
    int waitFor() throws InterruptedException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("uds-trace did not exit; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    /** Sends SIGTERM, as a service manager or Ctrl-C would, and waits for the orderly exit. */
    int terminate() throws InterruptedException {
        process.destroy();
        return waitFor();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
