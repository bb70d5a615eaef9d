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
import java.util.Map;
import java.util.function.Predicate;
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
        Prerequisite.requireNoReason(BpfEnvironment.unavailableReason(), "eBPF capture");
        TestCgroup.enter();
        Path socket = dir.resolve("api.sock");
        ChildProcess server = Commands.background(
                SystemPython.PATH, "-c", Commands.PYTHON_UDS_KEEP_ALIVE_HTTP_SERVER, socket.toString());
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            awaitFile(socket);
            String stderr;
            try (UdsTraceProcess cli = UdsTraceProcess.capturingInto(
                    receiver, dir, TestCgroup.confined("-q", "--cpu", "1", "--path", socket.toString()))) {
                burstOfRequests(socket);
                assertEquals(0, cli.terminate());
                stderr = cli.stderr();
            }
            Matcher shed = SHED.matcher(stderr);
            assertTrue(shed.find(), stderr);
            long shedExchanges = Long.parseLong(shed.group(1));
            long spans = receiver.spans().stream()
                    .filter(ReceivedSpan.withAttribute("network.peer.address", socket.toString()))
                    .count();
            ReceivedMetrics metrics = awaitMetrics(receiver, "http.server.request.duration");
            Predicate<Map<String, String>> get = a -> "GET".equals(a.get("http.request.method"))
                    && socket.toString().equals(a.get("server.address"));
            assertAll(
                    stderr + "\n" + metrics,
                    () -> assertTrue(shedExchanges > 0),
                    () -> assertTrue(spans < 2 * REQUESTS, spans + " spans"),
                    () -> assertEquals(REQUESTS, metrics.total("http.server.request.duration", get)),
                    () -> assertEquals(REQUESTS, metrics.total("http.client.request.duration", get)),
                    () -> assertTrue(
                            spans + shedExchanges >= 2L * REQUESTS,
                            "every exchange at each end is a span or counted as shed: " + spans + " + "
                                    + shedExchanges));
        } finally {
            Commands.stop(server);
            TestCgroup.leave();
        }
    }

    @Test
    void aStopRightAfterABurstStillReportsEveryExchange() throws Exception {
        Prerequisite.requireNoReason(BpfEnvironment.unavailableReason(), "eBPF capture");
        TestCgroup.enter();
        Path socket = dir.resolve("api.sock");
        ChildProcess server = Commands.background(
                SystemPython.PATH, "-c", Commands.PYTHON_UDS_KEEP_ALIVE_HTTP_SERVER, socket.toString());
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            awaitFile(socket);
            String stderr;
            try (UdsTraceProcess cli = UdsTraceProcess.capturingInto(
                    receiver, dir, TestCgroup.confined("-q", "--path", socket.toString()))) {
                burstOfRequests(socket);
                assertEquals(0, cli.terminate()); // at once: the capture is behind, with a ring buffer still full
                stderr = cli.stderr();
            }
            ReceivedMetrics metrics = awaitMetrics(receiver, "http.server.request.duration");
            Predicate<Map<String, String>> get = a -> "GET".equals(a.get("http.request.method"));
            assertAll(
                    stderr + "\n" + metrics,
                    () -> assertTrue(
                            Pattern.compile("\\s" + REQUESTS + "\\s+\\d+\\s+" + REQUESTS + "\\s")
                                    .matcher(stderr)
                                    .find(),
                            "curl's row: every request and every response"),
                    () -> assertEquals(REQUESTS, metrics.total("http.server.request.duration", get)),
                    () -> assertEquals(REQUESTS, metrics.total("http.client.request.duration", get)));
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
