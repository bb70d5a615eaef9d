package dev.udsotel.agent.it;

import static dev.udsotel.agent.it.TracedJvm.ARRIVAL;
import static dev.udsotel.agent.it.TracedJvm.WAIT;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.agent.it.workload.HttpKeepAliveWorkload;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.ReceivedMetrics;
import dev.udsotel.testing.ReceivedSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OTLP metrics for every exchange, and no span lost silently: a keep-alive HTTP conversation under the agent, its
 * spans and metrics decoded from the OTLP bytes the receiver got. The SDK's batch queue is made tiny, so without the
 * agent's room rule it would drop spans; with it, every exchange is a span delivered or an exchange counted as shed,
 * and the metrics count all of them either way.
 */
class ExchangeMetricsIT {
    private static final int EXCHANGES = 1500;
    /** connect and accept, besides the exchanges at both ends */
    private static final int HANDSHAKES = 2;

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void aTinySdkQueueDropsNothingEveryExchangeIsASpanOrCountedAndTheMetricsCountThemAll(int jdk) {
        Path socket = TracedJvm.socketDirectory().resolve("http.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start();
                ChildProcess app = tinyQueue(jdk, receiver, socket).start()) {
            assertEquals(0, app.waitFor(WAIT), app.output());
            StormRun.AtExit atExit = atExit(app);
            long spans = receiver.spans().stream().filter(onSocket(socket)).count();
            assertAll(
                    app.stderr(),
                    () -> assertEquals(0, atExit.unaccounted(), "the SDK's queue dropped spans: " + atExit),
                    () -> assertEquals(0, atExit.failed(), atExit.toString()),
                    () -> assertEquals(atExit.exported(), atExit.ended(), atExit.toString()),
                    () -> assertEquals(
                            2 * EXCHANGES + HANDSHAKES,
                            spans + atExit.shedForRoom(),
                            spans + " spans received and " + atExit.shedForRoom() + " exchanges shed: " + atExit));
            assertEveryExchangeCounted(receiver, socket);
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void theMetricsCountEveryExchangeWhileTheSpansAreShed(int jdk) {
        Path socket = TracedJvm.socketDirectory().resolve("http.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            receiver.hang(true); // trace exports never complete: the queue stays full from the first batch on
            try (ChildProcess app = tinyQueue(jdk, receiver, socket).start()) {
                assertEquals(0, app.waitFor(WAIT), app.output());
                StormRun.AtExit atExit = atExit(app);
                assertAll(
                        app.stderr(),
                        () -> assertTrue(atExit.shedForRoom() > EXCHANGES, atExit.toString()),
                        () -> assertEquals(
                                2 * EXCHANGES + HANDSHAKES, atExit.ended() + atExit.shedForRoom(), atExit.toString()));
                assertEveryExchangeCounted(receiver, socket);
            }
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void otelMetricsExporterNoneSwitchesTheMetricsOff(int jdk) {
        Path socket = TracedJvm.socketDirectory().resolve("http.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start();
                ChildProcess app = TracedJvm.traced(jdk, receiver, HttpKeepAliveWorkload.class, socket.toString(), "3")
                        .env("OTEL_METRICS_EXPORTER", "none")
                        .start()) {
            assertEquals(0, app.waitFor(WAIT), app.output());
            receiver.awaitSpans(onSocket(socket), 6, ARRIVAL);
            assertEquals(
                    0, receiver.metrics().requests().size(), receiver.metrics().toString());
        }
    }

    /** OTLP to the receiver, the SDK's queue at 8 spans, no CPU budget: only the room rule sheds. */
    private static dev.udsotel.testing.ChildJvm tinyQueue(int jdk, OtlpReceiver receiver, Path socket) {
        return TracedJvm.traced(
                        jdk,
                        receiver,
                        "export.cpu=100,export.priority=normal",
                        HttpKeepAliveWorkload.class,
                        socket.toString(),
                        String.valueOf(EXCHANGES))
                .env("OTEL_BSP_MAX_QUEUE_SIZE", "8")
                .env("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "4");
    }

    private static void assertEveryExchangeCounted(OtlpReceiver receiver, Path socket) {
        ReceivedMetrics metrics = awaitMetrics(receiver, "http.server.request.duration");
        Predicate<Map<String, String>> get = a -> "GET".equals(a.get("http.request.method"))
                && "200".equals(a.get("http.response.status_code"))
                && socket.toString().equals(a.get("server.address"))
                && "unix".equals(a.get("network.transport"));
        assertAll(
                metrics.toString(),
                () -> assertEquals(EXCHANGES, metrics.total("http.server.request.duration", get)),
                () -> assertEquals(EXCHANGES, metrics.total("http.client.request.duration", get)),
                () -> assertEquals(
                        (long) EXCHANGES * 2 * HttpKeepAliveWorkload.REQUEST.length(),
                        metrics.total("uds.exchange.bytes", a -> "request".equals(a.get("uds.direction")))),
                () -> assertEquals(
                        (long) EXCHANGES * 2 * HttpKeepAliveWorkload.RESPONSE.length(),
                        metrics.total("uds.exchange.bytes", a -> "response".equals(a.get("uds.direction")))));
    }

    /** The last export, at the agent's exit, holds the totals; the child has exited, so it has arrived or will shortly. */
    private static ReceivedMetrics awaitMetrics(OtlpReceiver receiver, String name) {
        long deadline = System.nanoTime() + ARRIVAL.toNanos();
        ReceivedMetrics metrics = receiver.metrics();
        while (!metrics.names().contains(name) && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(100));
            metrics = receiver.metrics();
        }
        return metrics;
    }

    private static StormRun.AtExit atExit(ChildProcess app) {
        return app.stderr().contains("at exit:") ? StormRun.of(app).atExit() : new StormRun.AtExit(0, 0, 0, 0, 0, 0, 0);
    }

    private static Predicate<ReceivedSpan> onSocket(Path socket) {
        return ReceivedSpan.withAttribute("network.peer.address", socket.toString());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
