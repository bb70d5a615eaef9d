package dev.udsotel.agent.it;

import static dev.udsotel.agent.it.TracedJvm.ARRIVAL;
import static dev.udsotel.agent.it.TracedJvm.WAIT;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.testing.ChildJvm;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.Prerequisite;
import dev.udsotel.testing.ReceivedSpan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The examples' Jetty HTTP server under the agent, driven by curl over its Unix socket. The examples module builds
 * after the agent, so this runs once {@code mvn -pl examples -am package} has left its jar and lib/ behind.
 */
class ExamplesIT {
    private static final Path EXAMPLES = Path.of(System.getProperty("basedir", "."), "../../examples/target")
            .normalize()
            .toAbsolutePath();
    private static final List<String> PATHS = List.of("/containers/json", "/version", "/status/404");

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void tracesEveryRequestCurlSendsToTheJettyServerAsAServerSpan(int jdk) {
        Path jar = EXAMPLES.resolve("uds-otel-examples.jar");
        Prerequisite.require(
                Files.isRegularFile(jar) && Files.isDirectory(EXAMPLES.resolve("lib")),
                "the examples are not packaged: mvn -B -q -pl examples -am package -DskipTests");
        Path socket = TracedJvm.socketDirectory().resolve("http.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start();
                ChildProcess server = ChildJvm.on(jdk)
                        .name("HttpUdsServer-jdk" + jdk)
                        .javaAgent(TracedJvm.AGENT_JAR)
                        .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
                        .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                        .systemProperty("slf4j.internal.verbosity", "ERROR")
                        .classpath(jar.toString() + ":" + EXAMPLES.resolve("lib") + "/*")
                        .mainClass("dev.udsotel.examples.http.HttpUdsServer", socket.toString())
                        .start()) {
            server.awaitOutput("listening on", WAIT);
            for (String path : PATHS) {
                String status = ChildProcess.command(
                                "curl",
                                "-s",
                                "-o",
                                "/dev/null",
                                "-w",
                                "%{http_code}",
                                "--unix-socket",
                                socket.toString(),
                                "http://localhost" + path)
                        .run(WAIT)
                        .assertSuccess()
                        .stdout();
                assertEquals(path.startsWith("/status/") ? "404" : "200", status, path);
            }
            server.stop(Duration.ofSeconds(20));

            List<ReceivedSpan> exchanges = receiver.awaitSpans(
                    ReceivedSpan.ofKind("SERVER").and(span -> span.attribute("uds.request.bytes") != null),
                    PATHS.size(),
                    ARRIVAL);
            assertEquals(PATHS.size(), exchanges.size(), ReceivedSpan.describeAll(receiver.spans()));
            for (String path : PATHS) {
                String requestHead = "GET " + path + " HTTP/1.1\\r\\nHost: localhost\\r\\n";
                String statusLine = "HTTP/1.1 " + (path.startsWith("/status/") ? "404 Not Found" : "200 OK") + "\\r\\n";
                ReceivedSpan span = exchanges.stream()
                        .filter(s -> s.stringAttribute("uds.request.preview").startsWith(requestHead))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(path + "\n" + ReceivedSpan.describeAll(exchanges)));
                assertAll(
                        span.describe(),
                        () -> assertEquals(socket.toString(), span.stringAttribute("network.local.address")),
                        () -> assertTrue(
                                span.stringAttribute("uds.response.preview").startsWith(statusLine)),
                        () -> assertEquals(false, span.attribute("uds.request.truncated")),
                        () -> assertEquals(
                                (long) bytesOf(span.stringAttribute("uds.request.preview")),
                                span.longAttribute("uds.request.bytes")),
                        () -> assertEquals("HttpUdsServer", span.resourceAttribute("service.name")));
            }
            assertEquals(
                    PATHS.size(),
                    receiver.spans().stream()
                            .filter(ReceivedSpan.named("accept " + socket))
                            .count(),
                    ReceivedSpan.describeAll(receiver.spans()));
        }
    }

    /** How many bytes an untruncated preview stands for: every escape is one byte. */
    private static int bytesOf(String preview) {
        int bytes = 0;
        for (int i = 0; i < preview.length(); i++) {
            if (preview.charAt(i) == '\\') {
                i += preview.charAt(i + 1) == 'x' ? 3 : 1;
            }
            bytes++;
        }
        return bytes;
    }
}
