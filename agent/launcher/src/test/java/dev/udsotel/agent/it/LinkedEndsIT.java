package dev.udsotel.agent.it;

import static dev.udsotel.agent.it.TracedJvm.ARRIVAL;
import static dev.udsotel.agent.it.TracedJvm.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.testing.ChildJvm;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.ReceivedSpan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The examples' Jetty client and server, each in a JVM of its own under the agent: both ends derive the same ids
 * from the connection and the exchange's number on it, so every exchange is one trace, the server span a child of
 * the client span, though no byte was added to the traffic.
 */
class LinkedEndsIT {
    private static final Path EXAMPLES = Path.of(System.getProperty("basedir", "."), "../../examples/target")
            .normalize()
            .toAbsolutePath();
    private static final int ROUNDS = 3;
    private static final int REQUESTS = 4 * ROUNDS;
    private static final Predicate<ReceivedSpan> EXCHANGES = ReceivedSpan.withAttribute("uds.exchange", "exchange");

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void aClientAndAServerBothUnderTheAgentMakeOneTracePerExchange(int jdk) {
        Path jar = EXAMPLES.resolve("uds-otel-examples.jar");
        assertTrue(
                Files.isRegularFile(jar) && Files.isDirectory(EXAMPLES.resolve("lib")),
                "the examples are not packaged: mvn -B -q -pl examples -am package -DskipTests");
        String classpath = jar + ":" + EXAMPLES.resolve("lib") + "/*";
        Path socket = TracedJvm.socketDirectory().resolve("linked.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start();
                ChildProcess server = traced(jdk, receiver, classpath)
                        .name("HttpUdsServer-jdk" + jdk)
                        .mainClass("dev.udsotel.examples.http.HttpUdsServer", socket.toString())
                        .start()) {
            server.awaitOutput("listening on", WAIT);
            try (ChildProcess client = traced(jdk, receiver, classpath)
                    .name("HttpUdsClient-jdk" + jdk)
                    .mainClass("dev.udsotel.examples.http.HttpUdsClient", socket.toString(), Integer.toString(ROUNDS))
                    .start()) {
                assertEquals(0, client.waitFor(WAIT), client.tail(40));
            }
            server.stop(Duration.ofSeconds(20));

            List<ReceivedSpan> clients =
                    receiver.awaitSpans(EXCHANGES.and(ReceivedSpan.ofKind("CLIENT")), REQUESTS, ARRIVAL);
            List<ReceivedSpan> servers =
                    receiver.awaitSpans(EXCHANGES.and(ReceivedSpan.ofKind("SERVER")), REQUESTS, ARRIVAL);
            String all = ReceivedSpan.describeAll(receiver.spans());
            assertEquals(REQUESTS, clients.size(), all);
            assertEquals(REQUESTS, servers.size(), all);
            Map<String, List<ReceivedSpan>> byTrace =
                    receiver.spans().stream().filter(EXCHANGES).collect(Collectors.groupingBy(ReceivedSpan::traceId));
            assertEquals(REQUESTS, byTrace.size(), "one trace per exchange:\n" + all);
            for (ReceivedSpan client : clients) {
                List<ReceivedSpan> trace = byTrace.get(client.traceId());
                assertEquals(2, trace.size(), client.describe() + "\n" + all);
                ReceivedSpan serverSpan = trace.stream()
                        .filter(ReceivedSpan.ofKind("SERVER"))
                        .findFirst()
                        .orElseThrow();
                String both = client.describe() + "\n" + serverSpan.describe();
                assertTrue(client.isRoot(), both);
                assertTrue(serverSpan.isChildOf(client), both);
                assertEquals(client.name(), serverSpan.name(), both);
                assertEquals(
                        client.stringAttribute("uds.connection.id"),
                        serverSpan.stringAttribute("uds.connection.id"),
                        both);
                assertEquals(
                        client.longAttribute("uds.exchange.sequence"),
                        serverSpan.longAttribute("uds.exchange.sequence"),
                        both);
                assertEquals("HttpUdsClient", client.resourceAttribute("service.name"), both);
                assertEquals("HttpUdsServer", serverSpan.resourceAttribute("service.name"), both);
                assertEquals(
                        "HttpUdsServer",
                        client.stringAttribute("peer.service"),
                        "the client names its peer's service" + " as the peer's own spans do, for the service graph:\n"
                                + both);
            }
        }
    }

    private static ChildJvm traced(int jdk, OtlpReceiver receiver, String classpath) {
        ChildJvm jvm = ChildJvm.on(jdk)
                .javaAgent(TracedJvm.AGENT_JAR)
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .env("OTEL_BSP_SCHEDULE_DELAY", "100")
                .env("OTEL_METRICS_EXPORTER", "none")
                .env("OTEL_LOGS_EXPORTER", "none")
                // the client exits right after its last request: its export thread must not starve on a busy host
                .env("UDS_EXPORT_PRIORITY", "normal")
                .systemProperty("slf4j.internal.verbosity", "ERROR")
                .classpath(classpath);
        // the agent's sock_diag library names the peer's inode before the first exchange ends
        return jdk >= 24 ? jvm.jvmArgument("--enable-native-access=ALL-UNNAMED") : jvm;
    }
}
