package dev.udsotel.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OtlpReceiverTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final OtlpReceiver receiver = OtlpReceiver.start();

    @AfterEach
    void closeReceiver() {
        receiver.close();
    }

    @Test
    void decodesSpansExportedByTheSdkOverOtlpHttp() {
        List<SpanData> sent = exportParentAndChild(builder -> {});

        ReceivedSpan parent =
                receiver.awaitSpans(s -> s.name().equals("parent"), 1, WAIT).get(0);
        ReceivedSpan child =
                receiver.awaitSpans(s -> s.name().equals("child"), 1, WAIT).get(0);

        SpanData sentParent = sent.stream()
                .filter(s -> s.getName().equals("parent"))
                .findFirst()
                .orElseThrow();
        assertEquals(sentParent.getTraceId(), parent.traceId());
        assertEquals(sentParent.getSpanId(), parent.spanId());
        assertEquals(sentParent.getStartEpochNanos(), parent.startEpochNanos());
        assertEquals(sentParent.getEndEpochNanos(), parent.endEpochNanos());
        assertTrue(parent.isRoot());
        assertTrue(child.isChildOf(parent));
        assertEquals("SERVER", parent.kind());
        assertEquals("CLIENT", child.kind());
        assertEquals("ERROR", child.statusCode());
        assertEquals("broken pipe", child.statusMessage());
        assertEquals("UNSET", parent.statusCode());
        assertEquals("unix", parent.stringAttribute("network.transport"));
        assertEquals(512L, parent.longAttribute("uds.bytes"));
        assertEquals(0.25, parent.attribute("ratio"));
        assertEquals(true, parent.attribute("uds.truncated"));
        assertEquals(List.of("GET", "POST"), parent.attribute("methods"));
        assertEquals("receiver-test", parent.resourceAttribute("service.name"));
        assertEquals("receiver-test-scope", parent.scopeName());
        assertEquals(2, receiver.requests(), "a simple span processor exports each span in its own request");
    }

    @Test
    void decodesGzipCompressedExports() {
        exportParentAndChild(builder -> builder.setCompression("gzip"));

        assertEquals(2, receiver.awaitSpans(s -> true, 2, WAIT).size());
    }

    @Test
    void exporterSeesAFailureAndNoSpansAreKeptWhileTheReceiverAnswers500() {
        receiver.respondWith(500);
        SpanExporter exporter = exporter(builder -> {});

        CompletableResultCode result = exporter.export(spans()).join(10, TimeUnit.SECONDS);

        assertTrue(result.isDone());
        assertFalse(result.isSuccess());
        assertEquals(1, receiver.requests());
        assertTrue(receiver.spans().isEmpty());
        exporter.shutdown();
    }

    @Test
    void exporterRetriesAfter503AndTheSpansArriveOnceAccepted() throws InterruptedException {
        receiver.respondWith(503);
        SpanExporter exporter = exporter(builder -> {});

        CompletableResultCode result = exporter.export(spans());
        receiver.awaitRequests(1, WAIT);
        receiver.respondWith(200);
        result.join(20, TimeUnit.SECONDS);

        assertTrue(result.isSuccess());
        assertTrue(receiver.requests() >= 2, "the exporter should have retried, requests: " + receiver.requests());
        assertEquals(2, receiver.spans().size());
        exporter.shutdown();
    }

    @Test
    void exporterTimesOutWhileTheReceiverHangsAndSucceedsOnceItAnswersAgain() {
        receiver.hang(true);
        SpanExporter exporter =
                exporter(builder -> builder.setTimeout(Duration.ofMillis(500)).setRetryPolicy(null));

        CompletableResultCode hung = exporter.export(spans()).join(10, TimeUnit.SECONDS);
        receiver.hang(false);
        CompletableResultCode answered = exporter.export(spans()).join(10, TimeUnit.SECONDS);

        assertTrue(hung.isDone());
        assertFalse(hung.isSuccess());
        assertTrue(answered.isSuccess());
        assertEquals(2, receiver.requests());
        assertEquals(2, receiver.spans().size());
        exporter.shutdown();
    }

    @Test
    void decodesOtlpJsonPostedWithCurl() {
        String json = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
                + "\"value\":{\"stringValue\":\"curl\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"hand\"},\"spans\":[{"
                + "\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"posted\","
                + "\"kind\":3,\"startTimeUnixNano\":\"1000\",\"endTimeUnixNano\":\"1500\",\"attributes\":[{\"key\":\"n\","
                + "\"value\":{\"intValue\":\"7\"}},{\"key\":\"list\",\"value\":{\"arrayValue\":{\"values\":"
                + "[{\"boolValue\":true},{\"doubleValue\":1.5}]}}}]}]}]}]}";

        CommandResult posted = ChildProcess.command(
                        "curl",
                        "-s",
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code}",
                        "-X",
                        "POST",
                        "-H",
                        "Content-Type: application/json",
                        "--data-binary",
                        "@-",
                        receiver.tracesEndpoint())
                .input(json)
                .run(WAIT)
                .assertSuccess();

        assertEquals("200", posted.stdout());
        ReceivedSpan span =
                receiver.awaitSpans(ReceivedSpan.named("posted"), 1, WAIT).get(0);
        assertEquals("CLIENT", span.kind());
        assertEquals("5b8efff798038103d269b633813fc60c", span.traceId());
        assertEquals(500, span.durationNanos());
        assertEquals(7L, span.attribute("n"));
        assertEquals(List.of(true, 1.5), span.attribute("list"));
        assertEquals("curl", span.resourceAttribute("service.name"));
    }

    @Test
    void answersUndecodableBodiesWith400AndSaysWhyWhenAwaitingFails() {
        CommandResult posted = ChildProcess.command(
                        "curl",
                        "-s",
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code}",
                        "-X",
                        "POST",
                        "-H",
                        "Content-Type: application/x-protobuf",
                        "--data-binary",
                        "not protobuf",
                        receiver.tracesEndpoint())
                .run(WAIT)
                .assertSuccess();

        assertEquals("400", posted.stdout());
        AssertionError failure =
                assertThrows(AssertionError.class, () -> receiver.awaitSpans(s -> true, 1, Duration.ofMillis(200)));
        assertTrue(
                failure.getMessage().contains("undecodable request (application/x-protobuf, 12 bytes)"),
                failure.getMessage());
    }

    @Test
    void aWaitThatFailsSaysWhatTheSenderPrintedAndWhichSpansDidNotMatch() {
        exportParentAndChild(builder -> {});
        AssertionError failure = assertThrows(
                AssertionError.class,
                () -> receiver.awaitSpans(
                        s -> s.name().equals("right name"),
                        1,
                        Duration.ofMillis(200),
                        "the sender",
                        () -> "at exit: 3 spans dropped"));
        assertTrue(failure.getMessage().startsWith("from the sender: expected 1 matching"), failure.getMessage());
        assertTrue(failure.getMessage().contains("'parent'"), failure.getMessage());
        assertTrue(
                failure.getMessage().endsWith("the sender printed:\nat exit: 3 spans dropped"), failure.getMessage());
    }

    @Test
    void acceptsAndDropsLogsSoAChildsDefaultExporterStaysQuiet() {
        CommandResult posted = ChildProcess.command(
                        "curl",
                        "-s",
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code}",
                        "-X",
                        "POST",
                        "-H",
                        "Content-Type: application/x-protobuf",
                        "--data-binary",
                        "x",
                        receiver.endpoint() + "/v1/logs")
                .run(WAIT)
                .assertSuccess();

        assertEquals("200", posted.stdout());
        assertEquals(0, receiver.requests());
        assertEquals(0, receiver.metrics().requests().size());
    }

    @Test
    void keepsTheMetricsTheSdksOtlpExporterSentWithTheirTotals() {
        AttributeKey<String> method = AttributeKey.stringKey("http.request.method");
        SdkMeterProvider meters = SdkMeterProvider.builder()
                .registerMetricReader(PeriodicMetricReader.create(OtlpHttpMetricExporter.builder()
                        .setEndpoint(receiver.endpoint() + OtlpReceiver.METRICS_PATH)
                        .build()))
                .build();
        try {
            Meter meter = meters.get("test");
            DoubleHistogram duration = meter.histogramBuilder("http.server.request.duration")
                    .setUnit("s")
                    .build();
            LongCounter bytes = meter.counterBuilder("uds.exchange.bytes").build();
            duration.record(0.001, Attributes.of(method, "GET"));
            duration.record(0.002, Attributes.of(method, "GET"));
            duration.record(0.003, Attributes.of(method, "POST"));
            bytes.add(40);
            assertTrue(meters.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
            duration.record(0.004, Attributes.of(method, "GET"));
            bytes.add(2);
            assertTrue(meters.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
        } finally {
            meters.shutdown().join(10, TimeUnit.SECONDS);
        }

        ReceivedMetrics metrics = receiver.metrics();
        assertTrue(metrics.requests().size() >= 2, metrics.toString());
        assertEquals(4, metrics.total("http.server.request.duration"), "cumulative: the last export's totals count");
        assertEquals(3, metrics.total("http.server.request.duration", a -> "GET".equals(a.get("http.request.method"))));
        assertEquals(42, metrics.total("uds.exchange.bytes"), metrics.toString());
    }

    @Test
    void refusesMetricsThatAreNotOtlpProtobuf() {
        CommandResult posted = ChildProcess.command(
                        "curl",
                        "-s",
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code}",
                        "-X",
                        "POST",
                        "-H",
                        "Content-Type: application/x-protobuf",
                        "--data-binary",
                        "not protobuf",
                        receiver.endpoint() + "/v1/metrics")
                .run(WAIT)
                .assertSuccess();

        assertEquals("400", posted.stdout());
        assertEquals(0, receiver.metrics().requests().size());
    }

    @Test
    void awaitSpansFailureListsTheSpansThatDidArrive() {
        exportParentAndChild(builder -> {});
        receiver.awaitSpans(s -> true, 2, WAIT);

        AssertionError failure = assertThrows(
                AssertionError.class,
                () -> receiver.awaitSpans(s -> s.name().equals("missing"), 1, Duration.ofMillis(200)));

        assertTrue(failure.getMessage().contains("'parent' SERVER"), failure.getMessage());
        assertTrue(failure.getMessage().contains("network.transport=\"unix\""), failure.getMessage());
        assertTrue(failure.getMessage().contains("'child' CLIENT"), failure.getMessage());
    }

    private List<SpanData> exportParentAndChild(Consumer<OtlpHttpSpanExporterBuilder> configuration) {
        SpanExporter exporter = exporter(configuration);
        RecordingExporter recording = new RecordingExporter(exporter);
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault()
                        .merge(Resource.builder()
                                .put("service.name", "receiver-test")
                                .build()))
                .addSpanProcessor(SimpleSpanProcessor.create(recording))
                .build();
        Tracer tracer = provider.get("receiver-test-scope");
        Span parent = tracer.spanBuilder("parent")
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("network.transport", "unix")
                .setAttribute("uds.bytes", 512L)
                .setAttribute("ratio", 0.25)
                .setAttribute("uds.truncated", true)
                .setAttribute(AttributeKey.stringArrayKey("methods"), List.of("GET", "POST"))
                .startSpan();
        try (Scope ignored = parent.makeCurrent()) {
            tracer.spanBuilder("child")
                    .setSpanKind(SpanKind.CLIENT)
                    .startSpan()
                    .setStatus(StatusCode.ERROR, "broken pipe")
                    .end();
        } finally {
            parent.end();
        }
        assertTrue(provider.shutdown().join(10, TimeUnit.SECONDS).isSuccess(), "export failed");
        return recording.exported;
    }

    private List<SpanData> spans() {
        InMemory memory = new InMemory();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(memory))
                .build();
        Tracer tracer = provider.get("receiver-test-scope");
        tracer.spanBuilder("one").startSpan().end();
        tracer.spanBuilder("two").startSpan().end();
        provider.shutdown().join(10, TimeUnit.SECONDS);
        return memory.exported;
    }

    private SpanExporter exporter(Consumer<OtlpHttpSpanExporterBuilder> configuration) {
        OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder().setEndpoint(receiver.tracesEndpoint());
        configuration.accept(builder);
        return builder.build();
    }

    /** Keeps what it forwards, so a test can compare the sent spans with the received ones. */
    private static final class RecordingExporter implements SpanExporter {
        private final SpanExporter delegate;
        private final List<SpanData> exported = new ArrayList<>();

        RecordingExporter(SpanExporter delegate) {
            this.delegate = delegate;
        }

        @Override
        public synchronized CompletableResultCode export(java.util.Collection<SpanData> spans) {
            exported.addAll(spans);
            return delegate.export(spans);
        }

        @Override
        public CompletableResultCode flush() {
            return delegate.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return delegate.shutdown();
        }
    }

    /** Only keeps spans, to have SpanData to hand to an exporter directly. */
    private static final class InMemory implements SpanExporter {
        private final List<SpanData> exported = new ArrayList<>();

        @Override
        public synchronized CompletableResultCode export(java.util.Collection<SpanData> spans) {
            exported.addAll(spans);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
