package dev.udsotel.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.agent.it.workload.ExchangeStormWorkload;
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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Whatever happens to the exporter, the traced application finishes its work and exits. */
class ExporterFaultsIT {
    private static final int ROUNDS = 2;
    /**
     * A hung exporter must not hold the JVM: the agent's shutdown gives up after a few seconds. This bound only tells
     * an exit from a hang; it says nothing about speed.
     */
    private static final Duration EXIT_BOUND = Duration.ofSeconds(60);

    private static final int STORM_THREADS = 4;
    private static final long STORM_EXCHANGES = 100_000;
    private static final int STORM_ROUNDS = 5;
    /**
     * How much the heap may grow over a storm while the collector fails. What the agent holds is capped: its event
     * queue (16384 events of at most 256 payload bytes, about 8 MB), the SDK's batch queue (2048 spans of a few
     * hundred bytes of attributes each, under 4 MB), one batch of 512 spans in flight or being retried, and one
     * open exchange per connection. 64 MB is several times those caps, and far below what keeping the spans of
     * 100k exchanges would cost (200k spans of about 1 KB each: about 200 MB).
     */
    static final long HEAP_GROWTH_BOUND = 64L << 20;

    private static String expectedStdout(ChildProcess app, Path socket) {
        StringBuilder expected = new StringBuilder("pid " + app.pid() + "\n");
        for (int round = 1; round <= ROUNDS; round++) {
            expected.append("round ")
                    .append(round)
                    .append(" on ")
                    .append(socket)
                    .append(" ok\n");
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
            assertCompletesAndExits(
                    workload(jdk, unused, socket).env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + closedPort),
                    socket);
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
                ChildProcess app = workload(jdk, receiver, socket)
                        .env("OTEL_TRACES_EXPORTER", "console,logging-otlp")
                        .start()) {
            assertEquals(0, app.waitFor(EXIT_BOUND), app.output());
            assertEquals(expectedStdout(app, socket), app.stdout());
            String stderr = app.stderr();

            List<ReceivedSpan> json = OtlpJsonLines.parse(stderr).stream()
                    .filter(ReceivedSpan.named("UDS " + socket))
                    .toList();
            assertEquals(2 * ROUNDS, json.size(), stderr);
            for (int round = 1; round <= ROUNDS; round++) {
                String preview = Previews.of(PingPongWorkload.message(round));
                for (String kind : List.of("CLIENT", "SERVER")) {
                    assertEquals(
                            1,
                            json.stream()
                                    .filter(ReceivedSpan.ofKind(kind)
                                            .and(ReceivedSpan.withAttribute("uds.request.preview", preview))
                                            .and(ReceivedSpan.withAttribute("uds.request.bytes", (long)
                                                    PingPongWorkload.message(round).length)))
                                    .count(),
                            stderr);
                }
                assertEquals(
                        2,
                        stderr.lines()
                                .filter(line -> line.equals("      > " + preview))
                                .count(),
                        stderr);
            }
            List<String> consoleHeads = stderr.lines()
                    .filter(line -> line.startsWith("[uds] UDS " + socket + " "))
                    .toList();
            assertEquals(2 * ROUNDS, consoleHeads.size(), stderr);
            assertEquals(
                    ROUNDS,
                    consoleHeads.stream()
                            .filter(line -> line.contains(" CLIENT "))
                            .count(),
                    stderr);
            assertEquals(
                    ROUNDS,
                    consoleHeads.stream()
                            .filter(line -> line.contains(" SERVER "))
                            .count(),
                    stderr);
            assertEquals(0, receiver.requests(), "console and logging-otlp replace the OTLP exporter");
        }
    }

    /**
     * Down: nothing listens. Hang: accepts and never answers. 500: refused at once. 503: refused, retried, refused.
     * The SDK retries a refused connection and a 503 with back-off, and waits 10 s for a hung request, so in a run of
     * a few seconds those spans are still pending when the exporter's close gives up: they are reported at exit as
     * "dropped or pending", not as "failed".
     */
    @ParameterizedTest(name = "JDK {0}, collector {1}")
    @CsvSource({"17, down", "25, down", "17, hang", "25, hang", "17, 500", "25, 500", "17, 503", "25, 503"})
    void keepsTheHeapBoundedAndReportsTheLossWhateverTheCollectorDoes(int jdk, String fault) throws IOException {
        Path dir = TracedJvm.socketDirectory();
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            ChildJvm jvm = TracedJvm.traced(
                    jdk,
                    receiver,
                    ExchangeStormWorkload.class,
                    dir.toString(),
                    String.valueOf(STORM_THREADS),
                    String.valueOf(STORM_EXCHANGES),
                    String.valueOf(STORM_ROUNDS),
                    "0");
            switch (fault) {
                case "down" -> jvm.env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + closedPort());
                case "hang" -> receiver.hang(true);
                default -> receiver.respondWith(Integer.parseInt(fault));
            }
            StormRun run;
            try (ChildProcess app = jvm.start()) {
                assertEquals(0, app.waitFor(EXIT_BOUND), app.output());
                run = StormRun.of(app);
            }
            run.assertEveryByteExact(STORM_EXCHANGES);
            List<Long> heap = run.heapSamples();
            long growth = heap.get(heap.size() - 1) - heap.get(0);
            System.out.printf("collector %s on JDK %d: heap samples %s, growth %d bytes%n", fault, jdk, heap, growth);
            assertTrue(growth <= HEAP_GROWTH_BOUND, "heap grew by " + growth + " bytes: " + heap);

            StormRun.AtExit atExit = run.atExit();
            System.out.printf("collector %s on JDK %d: %s%n", fault, jdk, atExit);
            assertTrue(atExit.ended() > 0, "the agent traced nothing: " + atExit);
            assertEquals(0, atExit.exported(), atExit.toString());
            assertEquals(
                    atExit.ended(),
                    atExit.failed() + atExit.unaccounted(),
                    "every span ended is reported lost: " + atExit);
            if (fault.equals("500")) {
                // refused at once and not retried: failures are counted and reported while the application runs
                long reported = run.lastFailedReport().orElse(0);
                assertTrue(reported > 0 && reported <= atExit.failed(), run.stderr());
            }
            if (atExit.queueDrops() > 0) {
                assertEquals(atExit.queueDrops(), run.lastDroppedReport().orElse(0), run.stderr());
            }
            if (atExit.shedExchanges() > 0) {
                assertEquals(atExit.shedExchanges(), run.lastShedReport().orElse(0), run.stderr());
            }
            assertTrue(
                    atExit.ended() + atExit.shedExchanges() <= 2 * STORM_EXCHANGES + 2 * STORM_THREADS,
                    "more spans ended and exchanges shed than exchanges (and handshakes) happened: " + atExit);
            assertEquals(List.of(), receiver.spans());
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
