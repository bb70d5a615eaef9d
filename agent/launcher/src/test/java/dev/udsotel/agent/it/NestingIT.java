package dev.udsotel.agent.it;

import static dev.udsotel.agent.it.TracedJvm.ARRIVAL;
import static dev.udsotel.agent.it.TracedJvm.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.agent.it.workload.NestedCallWorkload;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.ReceivedSpan;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An application with its own OpenTelemetry API and SDK: the agent's spans join the application's trace. */
class NestingIT {
    private static final Pattern APP_SPAN =
            Pattern.compile("application span trace ([0-9a-f]{32}) span ([0-9a-f]{16})");
    private static final Map<Integer, Run> RUNS = new ConcurrentHashMap<>();

    private record Run(String appTraceId, String appSpanId, List<ReceivedSpan> spans) {
        ReceivedSpan only(String kind, String text) {
            String preview = Previews.of(text.getBytes(StandardCharsets.US_ASCII));
            List<ReceivedSpan> found = spans.stream()
                    .filter(ReceivedSpan.ofKind(kind).and(ReceivedSpan.withAttribute("uds.request.preview", preview)))
                    .toList();
            assertEquals(1, found.size(), () -> kind + " " + text + "\n" + ReceivedSpan.describeAll(spans));
            return found.get(0);
        }
    }

    /** The OpenTelemetry jars of this test's class path (API, context, SDK), which the application brings along. */
    private static String openTelemetryJars() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("/io/opentelemetry/") && entry.endsWith(".jar"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static Run run(int jdk) {
        return RUNS.computeIfAbsent(jdk, feature -> {
            Path socket = TracedJvm.socketDirectory().resolve("nested.sock");
            try (OtlpReceiver receiver = OtlpReceiver.start();
                    ChildProcess app = TracedJvm.traced(feature, receiver, NestedCallWorkload.class, socket.toString())
                            .classpath(openTelemetryJars())
                            .start()) {
                assertEquals(0, app.waitFor(WAIT), app.output());
                // without --enable-native-access the agent must not make JDK 24+ print its native-access warnings
                assertFalse(app.stderr().contains("WARNING: A restricted method"), app.output());
                Matcher appSpan = APP_SPAN.matcher(app.stdout());
                assertTrue(appSpan.find(), app.output());
                receiver.awaitSpans(ReceivedSpan.named("UDS " + socket), 4, ARRIVAL);
                return new Run(appSpan.group(1), appSpan.group(2), receiver.spans());
            }
        });
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void nestsTheClientSpanUnderTheApplicationsCurrentSpan(int jdk) {
        Run run = run(jdk);
        ReceivedSpan inside = run.only("CLIENT", NestedCallWorkload.INSIDE);
        assertEquals(run.appTraceId, inside.traceId(), inside.describe());
        assertEquals(run.appSpanId, inside.parentSpanId(), inside.describe());
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void startsNewTracesWhereTheApplicationHasNoCurrentSpan(int jdk) {
        Run run = run(jdk);
        ReceivedSpan client = run.only("CLIENT", NestedCallWorkload.OUTSIDE);
        assertTrue(client.isRoot(), client.describe());
        assertNotEquals(run.appTraceId, client.traceId(), client.describe());
        // the server thread never had the application's span current: its spans are in the trace their client's end
        // derives (a child of the client span when that is a root), never in the application's trace
        for (ReceivedSpan server : List.of(
                run.only("SERVER", NestedCallWorkload.OUTSIDE), run.only("SERVER", NestedCallWorkload.INSIDE))) {
            assertNotEquals(run.appTraceId, server.traceId(), server.describe());
            assertNotEquals(run.appSpanId, server.parentSpanId(), server.describe());
        }
        ReceivedSpan server = run.only("SERVER", NestedCallWorkload.OUTSIDE);
        assertTrue(server.isRoot() || server.isChildOf(client), server.describe() + "\n" + client.describe());
    }
}
