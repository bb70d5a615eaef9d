package dev.udsotel.agent.it;

import static dev.udsotel.agent.it.TracedJvm.ARRIVAL;
import static dev.udsotel.agent.it.TracedJvm.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.agent.it.workload.JettyKeepAliveWorkload;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.ReceivedSpan;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Jetty 12 client in a loop of keep-alive exchanges with a Jetty 12 server, both in one traced JVM: the client
 * writes on its own thread and reads on a selector thread, and responses longer and shorter than the preview
 * alternate. Every exchange must get its own response: preview, status code, body size.
 */
class JettyKeepAliveIT {
    private static final int EXCHANGES = 500;
    private static final Map<Integer, List<ReceivedSpan>> RUNS = new ConcurrentHashMap<>();

    /** The Jetty jars of this test's class path, which the workload brings along. */
    static String jettyJars() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> (entry.contains("/org/eclipse/jetty/") || entry.contains("/org/slf4j/"))
                        && entry.endsWith(".jar"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static List<ReceivedSpan> run(int jdk) {
        return RUNS.computeIfAbsent(jdk, feature -> {
            Path socket = TracedJvm.socketDirectory().resolve("jetty.sock");
            // every exchange exported: no shedding, and an export thread that gets its share of a busy machine; spans
            // leave while the loop runs, for on a loaded machine a flush of hundreds at exit can outlast the agent's
            // bounded exit (what it leaves is counted at exit, but this test checks every exchange)
            try (OtlpReceiver receiver = OtlpReceiver.start();
                    ChildProcess app = TracedJvm.traced(
                                    feature,
                                    receiver,
                                    "export.cpu=100,export.priority=normal",
                                    JettyKeepAliveWorkload.class,
                                    socket.toString(),
                                    Integer.toString(EXCHANGES))
                            .classpath(jettyJars())
                            .systemProperty("slf4j.internal.verbosity", "ERROR")
                            .env("OTEL_BSP_SCHEDULE_DELAY", "100")
                            .start()) {
                assertEquals(0, app.waitFor(WAIT), app.output());
                assertTrue(app.stdout().contains("done " + EXCHANGES), app.output());
                for (String kind : List.of("CLIENT", "SERVER")) {
                    receiver.awaitSpans(
                            ReceivedSpan.ofKind(kind).and(ReceivedSpan.withAttribute("uds.exchange", "exchange")),
                            EXCHANGES,
                            ARRIVAL,
                            "the traced JVM",
                            app::output);
                }
                return receiver.spans();
            }
        });
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void everyClientSpanOfAKeepAliveLoopHasItsOwnResponse(int jdk) {
        List<ReceivedSpan> spans = run(jdk);
        List<ReceivedSpan> clients = http(spans, "CLIENT");
        assertEquals(EXCHANGES, clients.size(), ReceivedSpan.describeAll(spans));
        List<String> wrong = new ArrayList<>();
        for (ReceivedSpan span : clients) {
            String path = span.stringAttribute("url.path");
            boolean missing = path.startsWith("/missing/");
            String preview = span.stringAttribute("uds.response.preview");
            Long status = span.longAttribute("http.response.status_code");
            Long size = span.longAttribute("http.response.body.size");
            long expectedSize = missing
                    ? 2
                    : path.startsWith("/long/")
                            ? JettyKeepAliveWorkload.LONG_BODY.length()
                            : JettyKeepAliveWorkload.SHORT_BODY.length();
            if (preview == null
                    || !preview.startsWith("HTTP/1.1 " + (missing ? "404" : "200"))
                    || status == null
                    || status != (missing ? 404 : 200)
                    || size == null
                    || size != expectedSize) {
                wrong.add(span.describe());
            }
        }
        System.out.printf(
                "JDK %d: %d client spans, %d without their own response%n", jdk, clients.size(), wrong.size());
        assertTrue(
                wrong.isEmpty(), wrong.size() + " client spans without their response:\n" + String.join("\n", wrong));
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void aClient404IsAnErrorAndAServer404IsNot(int jdk) {
        List<ReceivedSpan> spans = run(jdk);
        for (ReceivedSpan span : http(spans, "CLIENT")) {
            boolean missing = span.stringAttribute("url.path").startsWith("/missing/");
            assertEquals(missing ? "ERROR" : "UNSET", span.statusCode(), span.describe());
            assertEquals(missing ? "404" : null, span.stringAttribute("error.type"), span.describe());
        }
        List<ReceivedSpan> servers = http(spans, "SERVER");
        assertEquals(EXCHANGES, servers.size(), ReceivedSpan.describeAll(spans));
        long notFound = servers.stream()
                .filter(s -> Long.valueOf(404).equals(s.longAttribute("http.response.status_code")))
                .count();
        assertEquals(EXCHANGES / 10, notFound, ReceivedSpan.describeAll(servers));
        for (ReceivedSpan span : servers) {
            assertEquals("UNSET", span.statusCode(), span.describe());
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void namesEachSpanAfterItsPathTemplate(int jdk) {
        for (ReceivedSpan span : http(run(jdk), "CLIENT")) {
            String path = span.stringAttribute("url.path");
            String template = path.substring(0, path.lastIndexOf('/') + 1) + "{id}";
            assertEquals("GET " + template, span.name(), span.describe());
            assertEquals(template, span.stringAttribute("url.template"), span.describe());
        }
    }

    private static List<ReceivedSpan> http(List<ReceivedSpan> spans, String kind) {
        List<ReceivedSpan> found = spans.stream()
                .filter(ReceivedSpan.ofKind(kind).and(ReceivedSpan.withAttribute("uds.exchange", "exchange")))
                .toList();
        List<String> notHttp = found.stream()
                .filter(span -> !"http".equals(span.stringAttribute("uds.protocol"))
                        || span.stringAttribute("url.path") == null)
                .map(ReceivedSpan::describe)
                .toList();
        assertTrue(
                notHttp.isEmpty(),
                notHttp.size() + " " + kind + " exchanges not read as HTTP:\n" + String.join("\n", notHttp));
        return found;
    }
}
