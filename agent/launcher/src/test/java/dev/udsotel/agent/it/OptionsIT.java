package dev.udsotel.agent.it;

import static dev.udsotel.agent.it.TracedJvm.ARRIVAL;
import static dev.udsotel.agent.it.TracedJvm.WAIT;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.agent.it.workload.PingPongWorkload;
import dev.udsotel.testing.ChildJvm;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.ReceivedSpan;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent's options, given as agent argument, {@code -Duds.*} system property or {@code UDS_*} variable. */
class OptionsIT {
    private static final int ROUNDS = 2;
    /** Rounds 1 and 2 send messages of the same length. */
    private static final long MESSAGE_BYTES = PingPongWorkload.message(1).length;

    private record Run(ChildProcess app, List<ReceivedSpan> spans, int exitCode) {}

    private static Run run(OtlpReceiver receiver, ChildJvm jvm) {
        try (ChildProcess app = jvm.start()) {
            int exit = app.waitFor(WAIT);
            return new Run(app, receiver.spans(), exit);
        }
    }

    private static List<ReceivedSpan> exchanges(List<ReceivedSpan> spans, Path socket) {
        return spans.stream().filter(ReceivedSpan.named("UDS " + socket)).toList();
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void recordsSizesButNoPayloadWhenCaptureIsOff(int jdk) {
        Path socket = TracedJvm.socketDirectory().resolve("sizes-only.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            ChildJvm jvm = TracedJvm.traced(
                            jdk, receiver, PingPongWorkload.class, String.valueOf(ROUNDS), socket.toString())
                    .env("UDS_CAPTURE", "off");
            assertEquals(0, run(receiver, jvm).exitCode);
            List<ReceivedSpan> spans = receiver.awaitSpans(ReceivedSpan.named("UDS " + socket), 2 * ROUNDS, ARRIVAL);

            assertEquals(2 * ROUNDS, spans.size(), ReceivedSpan.describeAll(spans));
            for (ReceivedSpan span : spans) {
                assertAll(
                        span.describe(),
                        () -> assertEquals(MESSAGE_BYTES, span.longAttribute("uds.request.bytes")),
                        () -> assertEquals(MESSAGE_BYTES, span.longAttribute("uds.response.bytes")),
                        () -> assertNull(span.attribute("uds.request.preview")),
                        () -> assertNull(span.attribute("uds.response.preview")),
                        () -> assertNull(span.attribute("uds.request.truncated")),
                        () -> assertNull(span.attribute("uds.response.truncated")));
            }
        }
    }

    /** payload.bytes as agent argument wins over the system property and the environment variable. */
    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void keepsOnlyTheConfiguredNumberOfPayloadBytesAndSkipsExcludedPaths(int jdk) {
        Path dir = TracedJvm.socketDirectory();
        Path traced = dir.resolve("traced.sock");
        Path excluded = dir.resolve("excluded-1.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            ChildJvm jvm = TracedJvm.traced(
                            jdk,
                            receiver,
                            "payload.bytes=16",
                            PingPongWorkload.class,
                            String.valueOf(ROUNDS),
                            traced.toString(),
                            excluded.toString())
                    .systemProperty("uds.payload.bytes", "8")
                    .env("UDS_PAYLOAD_BYTES", "12")
                    .systemProperty("uds.paths.exclude", dir + "/nothing-here.sock;" + dir + "/excluded-*.sock");
            Run run = run(receiver, jvm);
            assertEquals(0, run.exitCode, run.app.output());
            assertTrue(run.app.stdout().contains("round " + ROUNDS + " on " + excluded + " ok"), run.app.output());
            List<ReceivedSpan> spans = receiver.awaitSpans(ReceivedSpan.named("UDS " + traced), 2 * ROUNDS, ARRIVAL);

            for (int round = 1; round <= ROUNDS; round++) {
                String preview = Previews.of(Arrays.copyOf(PingPongWorkload.message(round), 16));
                List<ReceivedSpan> ofRound = spans.stream()
                        .filter(ReceivedSpan.withAttribute("uds.request.preview", preview))
                        .toList();
                assertEquals(2, ofRound.size(), ReceivedSpan.describeAll(spans));
                for (ReceivedSpan span : ofRound) {
                    assertAll(
                            span.describe(),
                            () -> assertEquals(preview, span.stringAttribute("uds.response.preview")),
                            () -> assertEquals(true, span.attribute("uds.request.truncated")),
                            () -> assertEquals(true, span.attribute("uds.response.truncated")),
                            () -> assertEquals(MESSAGE_BYTES, span.longAttribute("uds.request.bytes")),
                            () -> assertEquals(MESSAGE_BYTES, span.longAttribute("uds.response.bytes")));
                }
            }
            for (ReceivedSpan span : receiver.spans()) {
                assertFalse(span.describe().contains("excluded-"), span.describe());
            }
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void reportsAnInvalidValueInOneLineAndLeavesTheApplicationUntraced(int jdk) {
        assertDisabledWithOneLine(
                jdk, "payload.bytes=abc", "[uds-agent] option payload.bytes=abc is invalid: expected a whole number");
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void reportsAnUnknownOptionInOneLineAndLeavesTheApplicationUntraced(int jdk) {
        assertDisabledWithOneLine(
                jdk,
                "payload.bytes=64,colour=blue",
                "[uds-agent] unknown option 'colour'; known options: enabled, capture");
    }

    /** The SDK is set up on the export thread, after the agent announced itself: its failure still stops the agent. */
    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void aBadOpenTelemetrySettingDisablesTheAgentAndLeavesTheApplicationRunning(int jdk) {
        Path socket = TracedJvm.socketDirectory().resolve("bad-otel.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            Run run = run(
                    receiver,
                    TracedJvm.traced(
                                    jdk,
                                    receiver,
                                    null,
                                    PingPongWorkload.class,
                                    String.valueOf(ROUNDS),
                                    socket.toString())
                            .env("OTEL_TRACES_EXPORTER", "bogus"));

            assertEquals(0, run.exitCode, run.app.output());
            assertEquals(
                    "pid " + run.app.pid() + "\nround 1 on " + socket + " ok\nround 2 on " + socket + " ok\ndone\n",
                    run.app.stdout());
            List<String> agentLines = run.app
                    .stderr()
                    .lines()
                    .filter(line -> line.startsWith("[uds-agent]"))
                    .toList();
            String last = agentLines.get(agentLines.size() - 1);
            assertTrue(last.contains("Unrecognized value for otel.traces.exporter: bogus"), run.app.stderr());
            assertTrue(last.endsWith("The agent is disabled; the application runs without it."), run.app.stderr());
            assertEquals(0, receiver.requests());
            assertEquals(List.of(), run.spans);
        }
    }

    private static void assertDisabledWithOneLine(int jdk, String options, String expectedStart) {
        Path socket = TracedJvm.socketDirectory().resolve("untraced.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            Run run = run(
                    receiver,
                    TracedJvm.traced(
                            jdk, receiver, options, PingPongWorkload.class, String.valueOf(ROUNDS), socket.toString()));

            assertEquals(0, run.exitCode, run.app.output());
            String expectedStdout = "pid " + run.app.pid() + "\n"
                    + "round 1 on " + socket + " ok\n"
                    + "round 2 on " + socket + " ok\n"
                    + "done\n";
            assertEquals(expectedStdout, run.app.stdout());
            List<String> agentLines = run.app
                    .stderr()
                    .lines()
                    .filter(line -> line.startsWith("[uds-agent]"))
                    .toList();
            assertEquals(1, agentLines.size(), run.app.stderr());
            assertTrue(agentLines.get(0).startsWith(expectedStart), agentLines.get(0));
            assertTrue(
                    agentLines.get(0).endsWith("The agent is disabled; the application runs without it."),
                    agentLines.get(0));
            assertEquals(0, receiver.requests());
            assertEquals(List.of(), run.spans);
        }
    }
}
