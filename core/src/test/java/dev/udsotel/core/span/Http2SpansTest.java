package dev.udsotel.core.span;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.conversation.ConversationListener;
import dev.udsotel.core.conversation.ConversationTracker;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.event.SocketType;
import dev.udsotel.core.metrics.ExchangeMetrics;
import dev.udsotel.core.protocol.ProtocolDecoders;
import dev.udsotel.core.protocol.http2.Http2Call;
import dev.udsotel.core.redaction.Redaction;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The tracker hands an HTTP/2 conversation to its demultiplexer: one span per stream, none for control frames. */
class Http2SpansTest {
    private static final ProcessIdentity PROCESS = new ProcessIdentity(7, "python3", "python3", null);

    @Test
    void aGrpcConnectionGivesOneSpanPerCallAndNoneForControlFrames() throws IOException {
        List<SpanData> spans = spansOf(
                new Connection(3, "/run/grpc.sock", Role.CLIENT, SocketType.STREAM, PROCESS),
                bytes("grpc-python-calls.client"),
                bytes("grpc-python-calls.server"),
                64);

        assertEquals(
                List.of("demo.v1.Greeter/SayHello", "demo.v1.Greeter/Count", "demo.v1.Greeter/Fail"),
                spans.stream().map(SpanData::getName).toList());
        for (SpanData span : spans) {
            assertEquals(SpanKind.CLIENT, span.getKind());
            assertEquals("grpc", span.getAttributes().get(AttributeKey.stringKey("rpc.system")));
            assertEquals("http2", span.getAttributes().get(AttributeKey.stringKey("uds.protocol")));
            assertEquals("/run/grpc.sock", span.getAttributes().get(AttributeKey.stringKey("server.address")));
            assertTrue(span.getEndEpochNanos() >= span.getStartEpochNanos());
        }
        assertEquals(5L, spans.get(2).getAttributes().get(AttributeKey.longKey("rpc.grpc.status_code")));
        assertEquals(StatusCode.ERROR, spans.get(2).getStatus().getStatusCode());
        assertEquals(3L, spans.get(1).getAttributes().get(AttributeKey.longKey("uds.grpc.response.messages")));
    }

    @Test
    void aServerSeesTheSameCallsAsServerSpans() throws IOException {
        List<SpanData> spans = spansOf(
                new Connection(4, "/run/grpc.sock", Role.SERVER, SocketType.STREAM, PROCESS),
                bytes("grpc-python-calls.client"),
                bytes("grpc-python-calls.server"),
                64);

        assertEquals(3, spans.size());
        assertTrue(spans.stream().allMatch(s -> s.getKind() == SpanKind.SERVER));
        assertEquals(StatusCode.UNSET, spans.get(2).getStatus().getStatusCode(), "NOT_FOUND is the client's fault");
    }

    @Test
    void aTracerStartedAfterTheConnectionOpenedStillNamesCallsByWhatIsCertain() throws IOException {
        byte[] client = bytes("grpc-python-calls.client");
        byte[] server = bytes("grpc-python-calls.server");
        int clientFrom = offsetOfFirstFrameOf(client, 3);
        int serverFrom = offsetOfFirstFrameOf(server, 3);
        List<SpanData> spans = spansOf(
                new Connection(5, "/run/grpc.sock", Role.CLIENT, SocketType.STREAM, PROCESS),
                Arrays.copyOfRange(client, clientFrom, client.length),
                Arrays.copyOfRange(server, serverFrom, server.length),
                1 << 20);

        assertEquals(
                List.of("POST /demo.v1.Greeter/Count", "demo.v1.Greeter/Fail"),
                spans.stream().map(SpanData::getName).toList(),
                "content-type came from the lost part of the table, :method (static) and :path (literal) did not; "
                        + "the failing call's grpc-status was sent as a literal, which shows it is gRPC");
        assertEquals(5L, spans.get(1).getAttributes().get(AttributeKey.longKey("rpc.grpc.status_code")));
        for (SpanData span : spans) {
            assertEquals(true, span.getAttributes().get(AttributeKey.booleanKey("uds.http2.headers_lost")));
        }
    }

    @Test
    void aServerThatSpeaksFirstStillHasItsConnectionSeenFromTheStart() throws IOException {
        byte[] client = bytes("grpc-python-calls.client");
        byte[] server = bytes("grpc-python-calls.server");
        Connection connection = new Connection(6, "/run/grpc.sock", Role.SERVER, SocketType.STREAM, PROCESS);
        byte[] settings = Arrays.copyOf(server, 9 + (server[2] & 0xff)); // grpcio's server SETTINGS, sent on accept
        List<SpanData> spans =
                spansOf(connection, settings, client, Arrays.copyOfRange(server, settings.length, server.length));

        assertEquals(
                List.of("demo.v1.Greeter/SayHello", "demo.v1.Greeter/Count", "demo.v1.Greeter/Fail"),
                spans.stream().map(SpanData::getName).toList());
        assertTrue(spans.stream()
                .noneMatch(s -> s.getAttributes().get(AttributeKey.booleanKey("uds.http2.headers_lost")) != null));
    }

    @Test
    void everyGrpcCallCountsInTheRpcCallDurationOfItsEndWithTheFullMethodAndStatusName() throws IOException {
        byte[] client = bytes("grpc-python-calls.client");
        byte[] server = bytes("grpc-python-calls.server");
        Collection<MetricData> metrics =
                metricsOf(new Connection(3, "/run/grpc.sock", Role.CLIENT, SocketType.STREAM, PROCESS), client, server);

        Map<String, String> statusByMethod = histogramPoints(metrics, "rpc.client.call.duration").stream()
                .peek(point -> assertEquals(1, point.getCount()))
                .peek(point ->
                        assertEquals("grpc", point.getAttributes().get(AttributeKey.stringKey("rpc.system.name"))))
                .peek(point -> assertEquals(
                        "/run/grpc.sock", point.getAttributes().get(AttributeKey.stringKey("server.address"))))
                .collect(Collectors.toMap(
                        point -> point.getAttributes().get(AttributeKey.stringKey("rpc.method")),
                        point -> point.getAttributes().get(AttributeKey.stringKey("rpc.response.status_code"))));
        assertEquals(
                Map.of(
                        "demo.v1.Greeter/SayHello",
                        "OK",
                        "demo.v1.Greeter/Count",
                        "OK",
                        "demo.v1.Greeter/Fail",
                        "NOT_FOUND"),
                statusByMethod);
        assertTrue(histogramPoints(metrics, "uds.exchange.duration").isEmpty(), "a call counts once, as an RPC");
        assertTrue(sum(metrics, "response") > 0, "the DATA bytes of the responses are counted");

        Collection<MetricData> serverEnd =
                metricsOf(new Connection(4, "/run/grpc.sock", Role.SERVER, SocketType.STREAM, PROCESS), client, server);
        assertEquals(
                3,
                histogramPoints(serverEnd, "rpc.server.call.duration").stream()
                        .mapToLong(HistogramPointData::getCount)
                        .sum());
    }

    @Test
    void aPlainHttp2RequestCountsInTheHttpRequestDurationWithMethodAndStatus() throws IOException {
        Collection<MetricData> metrics = metricsOf(
                new Connection(5, "/run/h2.sock", Role.CLIENT, SocketType.STREAM, PROCESS),
                bytes("curl-get-404.client"),
                bytes("curl-get-404.server"));

        List<HistogramPointData> points = histogramPoints(metrics, "http.client.request.duration");
        assertEquals(1, points.size());
        Attributes attributes = points.get(0).getAttributes();
        assertEquals("GET", attributes.get(AttributeKey.stringKey("http.request.method")));
        assertEquals(404L, attributes.get(AttributeKey.longKey("http.response.status_code")));
        assertEquals(1, points.get(0).getCount());
    }

    @Test
    void aCallShedOverABudgetMakesNoSpanButStillCounts() throws IOException {
        CollectingMetricReader reader = new CollectingMetricReader();
        try (SdkMeterProvider meters =
                SdkMeterProvider.builder().registerMetricReader(reader).build()) {
            List<SpanData> spans = spansOf(
                    new Connection(8, "/run/grpc.sock", Role.CLIENT, SocketType.STREAM, PROCESS),
                    bytes("grpc-python-calls.client"),
                    bytes("grpc-python-calls.server"),
                    64,
                    new byte[0],
                    new ExchangeMetrics(meters.get("test"), -1),
                    true);

            assertEquals(List.of(), spans);
            assertEquals(
                    3,
                    histogramPoints(reader.collect(), "rpc.client.call.duration").stream()
                            .mapToLong(HistogramPointData::getCount)
                            .sum());
        }
    }

    private static Collection<MetricData> metricsOf(Connection connection, byte[] client, byte[] server) {
        CollectingMetricReader reader = new CollectingMetricReader();
        try (SdkMeterProvider meters =
                SdkMeterProvider.builder().registerMetricReader(reader).build()) {
            spansOf(connection, client, server, 64, new byte[0], new ExchangeMetrics(meters.get("test"), -1), false);
            return reader.collect();
        }
    }

    /** What a listener shedding over a budget does: every call to {@code onShedHttp2Call} instead of a span. */
    private static ConversationListener shedding(ExchangeSpans spans) {
        return new ConversationListener() {
            @Override
            public void onHandshake(IoEvent connectOrAccept) {}

            @Override
            public void onExchange(Exchange exchange) {}

            @Override
            public void onHttp2Call(Http2Call call) {
                spans.onShedHttp2Call(call);
            }
        };
    }

    private static List<HistogramPointData> histogramPoints(Collection<MetricData> metrics, String name) {
        return metrics.stream()
                .filter(m -> m.getName().equals(name))
                .flatMap(m -> m.getHistogramData().getPoints().stream())
                .toList();
    }

    private static long sum(Collection<MetricData> metrics, String direction) {
        return metrics.stream()
                .filter(m -> m.getName().equals("uds.exchange.bytes"))
                .flatMap(m -> m.getLongSumData().getPoints().stream())
                .filter(p -> direction.equals(p.getAttributes().get(AttributeKey.stringKey("uds.direction"))))
                .mapToLong(LongPointData::getValue)
                .sum();
    }

    /** Where the first frame of {@code stream} starts, walking frames from the start (after a preface). */
    private static int offsetOfFirstFrameOf(byte[] bytes, int stream) {
        int at = bytes.length > 24 && bytes[0] == 'P' && bytes[1] == 'R' ? 24 : 0;
        while (at + 9 <= bytes.length) {
            int length = ((bytes[at] & 0xff) << 16) | ((bytes[at + 1] & 0xff) << 8) | (bytes[at + 2] & 0xff);
            int id = ((bytes[at + 5] & 0x7f) << 24)
                    | ((bytes[at + 6] & 0xff) << 16)
                    | ((bytes[at + 7] & 0xff) << 8)
                    | (bytes[at + 8] & 0xff);
            if (id == stream) {
                return at;
            }
            at += 9 + length;
        }
        throw new AssertionError("no frame of stream " + stream);
    }

    /** The server's first bytes alone, then client and server alternating in whole runs. */
    private static List<SpanData> spansOf(Connection connection, byte[] serverFirst, byte[] client, byte[] server) {
        return spansOf(connection, client, server, Integer.MAX_VALUE, serverFirst, null, false);
    }

    private static List<SpanData> spansOf(Connection connection, byte[] client, byte[] server, int piece) {
        return spansOf(connection, client, server, piece, new byte[0], null, false);
    }

    /** Client and server alternate in pieces of {@code piece} bytes, as reads and writes would cut them. */
    private static List<SpanData> spansOf(
            Connection connection,
            byte[] client,
            byte[] server,
            int piece,
            byte[] serverFirst,
            ExchangeMetrics metrics,
            boolean shedCalls) {
        CollectingExporter exporter = new CollectingExporter();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build()) {
            ExchangeSpans spans = new ExchangeSpans(
                    process -> provider.get("test"),
                    ProtocolDecoders.standard(),
                    Redaction.DEFAULT,
                    new MonotonicClock(),
                    null,
                    metrics,
                    null);
            ConversationTracker tracker =
                    new ConversationTracker(shedCalls ? shedding(spans) : spans, 1_000_000_000L, 256);
            EventKind clientKind = connection.role() == Role.SERVER ? EventKind.RECEIVE : EventKind.SEND;
            EventKind serverKind = clientKind == EventKind.SEND ? EventKind.RECEIVE : EventKind.SEND;
            long now = System.nanoTime();
            now = feed(tracker, connection, serverKind, serverFirst, 0, serverFirst.length, now);
            for (int at = 0; at < Math.max(client.length, server.length); at += piece) {
                now = feed(tracker, connection, clientKind, client, at, piece, now);
                now = feed(tracker, connection, serverKind, server, at, piece, now);
            }
            tracker.onEvent(IoEvent.lifecycle(connection, EventKind.CLOSE, now, now, null));
            return exporter.spans;
        }
    }

    private static long feed(
            ConversationTracker tracker, Connection c, EventKind kind, byte[] bytes, int at, int piece, long now) {
        if (at >= bytes.length) {
            return now;
        }
        byte[] part = Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + piece));
        tracker.onEvent(IoEvent.data(c, kind, now, now + 1000, part.length, part));
        return now + 2000;
    }

    private static byte[] bytes(String name) throws IOException {
        try (InputStream in = Http2SpansTest.class.getResourceAsStream("/http2/" + name)) {
            return in.readAllBytes();
        }
    }
}
