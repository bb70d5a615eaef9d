package dev.udsotel.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpJsonLinesTest {

    private static final Duration RUN = Duration.ofSeconds(60);

    @Test
    void loggingOtlpOutputYieldsTheSameSpansAsTheOtlpHttpExport() {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            CommandResult run = emitter()
                    .env("OTEL_TRACES_EXPORTER", "logging-otlp,otlp")
                    .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                    .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
                    .run(RUN)
                    .assertSuccess();

            List<ReceivedSpan> printed = sorted(OtlpJsonLines.parse(run.stderr() + run.stdout()));
            List<ReceivedSpan> received = sorted(receiver.awaitSpans(s -> true, 2, Duration.ofSeconds(10)));

            assertEquals(2, printed.size(), "spans read from:\n" + run.stderr());
            assertEquals(received, printed);
            ReceivedSpan parent = printed.get(0);
            assertEquals("hello \"quoted\" \u00e9", parent.attribute("text"));
            assertEquals(42L, parent.attribute("count"));
            assertEquals(0.5, parent.attribute("ratio"));
            assertEquals(true, parent.attribute("flag"));
            assertEquals(List.of("a", "b"), parent.attribute("words"));
            assertEquals("span-emitter", parent.resourceAttribute("service.name"));
            assertTrue(run.stdout().contains("emitted trace " + parent.traceId()));
        }
    }

    @Test
    void ignoresLinesThatAreNotOtlpJson() {
        String output = String.join(
                "\n",
                "Picked up JAVA_TOOL_OPTIONS: -Xmx1g",
                "{\"not\":\"otlp\"}",
                "INFO: {\"resourceSpans\": [ broken",
                "INFO: {\"resourceSpans\":[{\"resource\":{},\"scopeSpans\":[{\"scope\":{\"name\":\"s\"},\"spans\":[{"
                        + "\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"b7ad6b7169203331\",\"name\":\"kept\","
                        + "\"kind\":\"SPAN_KIND_CLIENT\",\"startTimeUnixNano\":\"1\",\"endTimeUnixNano\":\"3\","
                        + "\"status\":{\"code\":2}}]}]}]}",
                "done");

        List<ReceivedSpan> spans = OtlpJsonLines.parse(output);

        assertEquals(1, spans.size());
        assertEquals("kept", spans.get(0).name());
        assertEquals("CLIENT", spans.get(0).kind());
        assertEquals("ERROR", spans.get(0).statusCode());
        assertEquals(2, spans.get(0).durationNanos());
    }

    static ChildJvm emitter() {
        return ChildJvm.on(17)
                .name("span-emitter")
                .env("OTEL_SERVICE_NAME", "span-emitter")
                .env("OTEL_METRICS_EXPORTER", "none")
                .env("OTEL_LOGS_EXPORTER", "none")
                .mainClass(SpanEmitter.class.getName());
    }

    private static List<ReceivedSpan> sorted(List<ReceivedSpan> spans) {
        return spans.stream()
                .sorted(Comparator.comparing(ReceivedSpan::name).reversed())
                .toList();
    }
}
