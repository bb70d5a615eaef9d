package dev.udsotel.sidecar.cli;

import static dev.udsotel.sidecar.cli.Commands.awaitFile;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.sidecar.bpf.BpfEnvironment;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.Prerequisite;
import dev.udsotel.testing.ReceivedMetrics;
import dev.udsotel.testing.ReceivedSpan;
import dev.udsotel.testing.SystemPython;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over its --cpu budget uds-trace exports fewer spans, never fewer metrics: every exchange is counted, as a span or
 * in the summary's count of exchanges shed, and the duration metrics hold them all.
 */
class CpuBudgetCaptureTest {
    private static final int REQUESTS = 3000;
    private static final Pattern SHED = Pattern.compile("uds-trace: (\\d+) exchanges counted in the metrics but not"
            + " exported as spans, to keep within --cpu 1 \\(percent of one core\\)");

    @TempDir
    Path dir;

    @Test
    void overTheBudgetWholeExchangesAreCountedInsteadOfExported() throws Exception {
        Burst burst = captureABurst("--cpu", "1");
        Matcher shed = SHED.matcher(burst.stderr());
        assertTrue(shed.find(), burst.stderr());
        long shedExchanges = Long.parseLong(shed.group(1));
        long spans = burst.spans();
        assertAll(
                burst.toString(),
                () -> assertTrue(shedExchanges > 0),
                () -> assertTrue(spans < 2 * REQUESTS, spans + " spans"),
                () -> assertEquals(REQUESTS, burst.requestsIn("http.server.request.duration")),
                () -> assertEquals(REQUESTS, burst.requestsIn("http.client.request.duration")),
                () -> assertTrue(
                        spans + shedExchanges >= 2L * REQUESTS,
                        "every exchange at each end is a span or counted as shed: " + spans + " + " + shedExchanges));
    }

    @Test
    void aStopRightAfterABurstStillReportsEveryExchange() throws Exception {
        Burst burst = captureABurst();
        assertAll(
                burst.toString(),
                () -> assertTrue(
                        Pattern.compile("\\s" + REQUESTS + "\\s+\\d+\\s+" + REQUESTS + "\\s")
                                .matcher(burst.stderr())
                                .find(),
                        "curl's row: every request and every response"),
                () -> assertEquals(REQUESTS, burst.requestsIn("http.server.request.duration")),
                () -> assertEquals(REQUESTS, burst.requestsIn("http.client.request.duration")));
    }

    /** What uds-trace reported and exported for one burst of requests, stopped as soon as the client is done. */
    private record Burst(String stderr, ReceivedMetrics metrics, long spans, Path socket) {
        long requestsIn(String metric) {
            return metrics.total(
                    metric,
                    a -> "GET".equals(a.get("http.request.method"))
                            && socket.toString().equals(a.get("server.address")));
        }

        @Override
        public String toString() {
            return stderr + "\n" + metrics;
        }
    }

    private Burst captureABurst(String... flags) throws Exception {
        Prerequisite.requireNoReason(BpfEnvironment.unavailableReason(), "eBPF capture");
        TestCgroup.enter();
        Path socket = dir.resolve("api.sock");
        ChildProcess server = Commands.background(
                SystemPython.PATH, "-c", Commands.PYTHON_UDS_KEEP_ALIVE_HTTP_SERVER, socket.toString());
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            awaitFile(socket);
            List<String> args = new ArrayList<>(List.of("-q", "--path", socket.toString()));
            args.addAll(List.of(flags));
            String stderr;
            try (UdsTraceProcess cli =
                    UdsTraceProcess.capturingInto(receiver, dir, TestCgroup.confined(args.toArray(String[]::new)))) {
                burstOfRequests(socket);
                assertEquals(0, cli.terminate()); // at once: the capture is behind, with its ring buffer still full
                stderr = cli.stderr();
            }
            ReceivedMetrics metrics = awaitMetrics(receiver, "http.server.request.duration");
            long spans = receiver.spans().stream()
                    .filter(ReceivedSpan.withAttribute("network.peer.address", socket.toString()))
                    .count();
            return new Burst(stderr, metrics, spans, socket);
        } finally {
            Commands.stop(server);
            TestCgroup.leave();
        }
    }

    /** One connection, one request after another: curl keeps it alive across the URLs of its range. */
    private static void burstOfRequests(Path socket) {
        Commands.run(
                "curl",
                "-sS",
                "-o",
                "/dev/null",
                "--unix-socket",
                socket.toString(),
                "http://localhost/items/[1-" + REQUESTS + "]");
    }

    /** uds-trace has exited: its last metrics export, with the totals, has arrived or does shortly. */
    private static ReceivedMetrics awaitMetrics(OtlpReceiver receiver, String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        ReceivedMetrics metrics = receiver.metrics();
        while (!metrics.names().contains(name) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            metrics = receiver.metrics();
        }
        return metrics;
    }
}
