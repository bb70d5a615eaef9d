package dev.udsotel.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChildProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void capturesStdoutAndStderrExactlyAndInterleavedInTheLogFile() throws Exception {
        try (ChildProcess child = ChildProcess.command(
                        "sh", "-c", "printf 'to-out\\nno newline'; echo to-err >&2; exit 3")
                .start()) {
            assertEquals(3, child.waitFor(WAIT));

            assertEquals("to-out\nno newline", child.stdout());
            assertEquals("to-err\n", child.stderr());
            assertTrue(Files.readString(child.logFile()).contains("[err] to-err"));
        }
    }

    @Test
    void feedsInputToTheCommandsStdin() {
        CommandResult result = ChildProcess.command(
                        SystemPython.PATH, "-c", "import sys; print(sys.stdin.read().upper())")
                .input("shout")
                .run(WAIT)
                .assertSuccess();

        assertEquals("SHOUT\n", result.stdout());
    }

    @Test
    void awaitOutputFailsAtOnceWithTheOutputTailWhenTheProcessEndsWithoutPrintingIt() {
        try (ChildProcess child = ChildProcess.command("sh", "-c", "echo starting; echo 'no port' >&2; exit 1")
                .start()) {
            AssertionError failure =
                    assertThrows(AssertionError.class, () -> child.awaitOutput("listening", Duration.ofMinutes(5)));

            assertTrue(failure.getMessage().contains("without printing 'listening'"), failure.getMessage());
            assertTrue(failure.getMessage().contains("[err] no port"), failure.getMessage());
        }
    }

    @Test
    void runFailsAndEndsTheCommandWhenItOutlivesItsTimeout() {
        ChildProcess.Builder sleeper = ChildProcess.command("sh", "-c", "echo sleeping; exec sleep 60");

        AssertionError failure = assertThrows(AssertionError.class, () -> sleeper.run(Duration.ofMillis(300)));

        assertTrue(failure.getMessage().contains("still running"), failure.getMessage());
        long pid = Long.parseLong(failure.getMessage().replaceAll("(?s).*\\(pid (\\d+)\\).*", "$1"));
        assertFalse(
                ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "sleep " + pid + " outlived the run");
    }

    @Test
    void stoppingAJvmRunsItsShutdownHooksSoItsExporterFlushes() {
        try (OtlpReceiver receiver = OtlpReceiver.start();
                ChildProcess emitter = OtlpJsonLinesTest.emitter()
                        .env("OTEL_TRACES_EXPORTER", "otlp")
                        .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                        .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
                        .env("OTEL_BSP_SCHEDULE_DELAY", "600000")
                        .mainClass(SpanEmitter.class.getName(), "linger")
                        .start()) {
            emitter.awaitOutput("emitted trace", Duration.ofSeconds(60));
            assertEquals(0, receiver.requests(), "the batch processor exported before shutdown");

            emitter.stop(Duration.ofSeconds(20));

            assertEquals(
                    2, receiver.awaitSpans(s -> true, 2, Duration.ofSeconds(10)).size());
        }
    }

    @Test
    void findsBothJdksTheTestsRunOn() {
        CommandResult java17 =
                ChildProcess.run(WAIT, Jdks.java(17).toString(), "-version").assertSuccess();
        CommandResult java25 =
                ChildProcess.run(WAIT, Jdks.java(25).toString(), "-version").assertSuccess();

        assertTrue(java17.stderr().contains("version \"17."), java17.stderr());
        assertTrue(java25.stderr().contains("version \"25"), java25.stderr());
    }
}
