package dev.udsotel.agent.it;

import static dev.udsotel.agent.it.TracedJvm.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.agent.it.workload.PingPongWorkload;
import dev.udsotel.testing.ChildJvm;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpJsonLines;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.ReceivedSpan;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whatever happens to the exporter, the traced application finishes its work and exits. */
class ExporterFaultsIT {
    private static final int ROUNDS = 2;
    /**
     * A hung exporter must not hold the JVM: the agent's shutdown gives up after a few seconds. This bound only tells
     * an exit from a hang; it says nothing about speed.
     */
    private static final Duration EXIT_BOUND = Duration.ofSeconds(60);

    private static String expectedStdout(ChildProcess app, Path socket) {
        StringBuilder expected = new StringBuilder("pid " + app.pid() + "\n");
        for (int round = 1; round <= ROUNDS; round++) {
            expected.append("round ").append(round).append(" on ").append(socket).append(" ok\n");
        }
        return expected.append("done\n").toString();
    }

    private static void assertCompletesAndExits(ChildJvm jvm, Path socket) {
        try (ChildProcess app = jvm.start()) {
            assertEquals(0, app.waitFor(EXIT_BOUND), app.output());
            assertEquals(expectedStdout(app, socket), app.stdout());
        }
    }

    private static ChildJvm workload(int jdk, OtlpReceiver receiver, Path socket) {
        return TracedJvm.traced(jdk, receiver, PingPongWorkload.class, String.valueOf(ROUNDS), socket.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void completesNormallyWhenTheCollectorIsUnreachable(int jdk) throws IOException {
        Path socket = TracedJvm.socketDirectory().resolve("echo.sock");
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (OtlpReceiver unused = OtlpReceiver.start()) {
            assertCompletesAndExits(workload(jdk, unused, socket)
                    .env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + closedPort), socket);
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void exitsWhenTheCollectorNeverAnswers(int jdk) {
        Path socket = TracedJvm.socketDirectory().resolve("echo.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            receiver.hang(true);
            assertCompletesAndExits(workload(jdk, receiver, socket), socket);
            assertTrue(receiver.requests() >= 1, "the agent never tried to export");
            assertEquals(List.of(), receiver.spans());
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void exitsWhenTheCollectorRefusesEveryExport(int jdk) {
        Path socket = TracedJvm.socketDirectory().resolve("echo.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            receiver.respondWith(503);
            assertCompletesAndExits(workload(jdk, receiver, socket), socket);
            assertTrue(receiver.requests() >= 1, "the agent never tried to export");
            assertEquals(List.of(), receiver.spans());
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void printsTheSpansForPeopleAndAsOtlpJsonLines(int jdk) {
        Path socket = TracedJvm.socketDirectory().resolve("echo.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start();
             ChildProcess app = workload(jdk, receiver, socket).env("OTEL_TRACES_EXPORTER", "console,logging-otlp").start()) {
            assertEquals(0, app.waitFor(EXIT_BOUND), app.output());
            assertEquals(expectedStdout(app, socket), app.stdout());
            String stderr = app.stderr();

            List<ReceivedSpan> json = OtlpJsonLines.parse(stderr).stream().filter(ReceivedSpan.named("UDS " + socket)).toList();
            assertEquals(2 * ROUNDS, json.size(), stderr);
            for (int round = 1; round <= ROUNDS; round++) {
                String preview = Previews.of(PingPongWorkload.message(round));
                for (String kind : List.of("CLIENT", "SERVER")) {
                    assertEquals(1, json.stream().filter(ReceivedSpan.ofKind(kind)
                            .and(ReceivedSpan.withAttribute("uds.request.preview", preview))
                            .and(ReceivedSpan.withAttribute("uds.request.bytes", (long) PingPongWorkload.message(round).length))).count(), stderr);
                }
                assertEquals(2, stderr.lines().filter(line -> line.equals("      > " + preview)).count(), stderr);
            }
            List<String> consoleHeads = stderr.lines().filter(line -> line.startsWith("[uds] UDS " + socket + " ")).toList();
            assertEquals(2 * ROUNDS, consoleHeads.size(), stderr);
            assertEquals(ROUNDS, consoleHeads.stream().filter(line -> line.contains(" CLIENT ")).count(), stderr);
            assertEquals(ROUNDS, consoleHeads.stream().filter(line -> line.contains(" SERVER ")).count(), stderr);
            assertEquals(0, receiver.requests(), "console and logging-otlp replace the OTLP exporter");
        }
    }
}
