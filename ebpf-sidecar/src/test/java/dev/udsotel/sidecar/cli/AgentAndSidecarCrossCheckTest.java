package dev.udsotel.sidecar.cli;

import static dev.udsotel.sidecar.cli.Commands.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.sidecar.bpf.BpfEnvironment;
import dev.udsotel.testing.ChildJvm;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.Prerequisite;
import dev.udsotel.testing.ReceivedSpan;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A JVM under the agent and the same conversation seen by the sidecar yield matching spans: the same connection
 * id at both ends and in both tools, the same socket path, the same byte counts and the same decoded names.
 */
class AgentAndSidecarCrossCheckTest {
    private static final int REQUESTS = 4;
    private static final String PROGRAM = "KeepAliveHttpConversation.java";
    /** Request/response spans; the agent also reports the connect and the accept as spans of their own. */
    private static final Predicate<ReceivedSpan> EXCHANGES = ReceivedSpan.withAttribute("uds.exchange", "exchange");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void agentAndSidecarAgreeOnEveryExchangeOfAKeepAliveHttpConnection(int jdk) throws Exception {
        Optional<String> why = BpfEnvironment.unavailableReason();
        Prerequisite.requireNoReason(why, "eBPF capture");
        Path agentJar = Path.of(System.getProperty("uds.agent.jar", "../agent/target/uds-agent.jar"));
        Prerequisite.require(
                Files.isRegularFile(agentJar),
                () -> agentJar + " is missing: run mvn -B -q -pl agent/launcher -am package -DskipTests first");
        Path program = dir.resolve(PROGRAM);
        try (InputStream source = getClass().getResourceAsStream("/dev/udsotel/sidecar/crosscheck/" + PROGRAM)) {
            Files.copy(source, program);
        }
        Path socket = dir.resolve("api.sock");
        TestCgroup.enter();
        try (OtlpReceiver fromAgent = OtlpReceiver.start();
                OtlpReceiver fromSidecar = OtlpReceiver.start()) {
            Map<String, String> sidecarEnv = Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", fromSidecar.endpoint(),
                    "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                    "OTEL_BSP_SCHEDULE_DELAY", "100");
            try (UdsTraceProcess cli = UdsTraceProcess.start(
                    dir,
                    sidecarEnv,
                    List.of(),
                    TestCgroup.confined("-q", "--path", socket.toString(), "--agent-jvms", "export"))) {
                await(() -> cli.stderr().contains("capturing AF_UNIX traffic") || !cli.isAlive(), "uds-trace to start");
                assertTrue(cli.isAlive(), cli.stderr());
                long jvmPid;
                List<ReceivedSpan> agentSpans;
                List<ReceivedSpan> sidecarSpans;
                try (ChildProcess app = ChildJvm.on(jdk)
                        .javaAgent(agentJar)
                        .env("OTEL_EXPORTER_OTLP_ENDPOINT", fromAgent.endpoint())
                        .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                        .env("OTEL_BSP_SCHEDULE_DELAY", "100")
                        .env("OTEL_METRICS_EXPORTER", "none")
                        .env("OTEL_LOGS_EXPORTER", "none")
                        // on a busy host an idle-priority export thread may wait beyond the spans' arrival bound
                        .env("UDS_EXPORT_PRIORITY", "normal")
                        .classpath(dir)
                        .mainClass(program.toString(), socket.toString(), Integer.toString(REQUESTS))
                        .start()) {
                    jvmPid = app.pid();
                    app.awaitOutput("conversation done", Duration.ofSeconds(90));
                    agentSpans = fromAgent.awaitSpans(
                            EXCHANGES, 2 * REQUESTS, Duration.ofSeconds(30), "the traced JVM", app::output);
                    // its summary at exit counts what it captured, shed or lost
                    sidecarSpans =
                            fromSidecar.awaitSpans(EXCHANGES, 2 * REQUESTS, Duration.ofSeconds(30), "uds-trace", () -> {
                                cli.terminate();
                                return cli.stderr();
                            });
                }
                assertEquals(0, cli.terminate(), cli.stderr());

                String connectionId = agentSpans.get(0).stringAttribute("uds.connection.id");
                assertTrue(
                        connectionId != null && connectionId.matches("\\d+-\\d+"),
                        "the agent knows both inodes: " + ReceivedSpan.describeAll(agentSpans));
                for (String kind : List.of("CLIENT", "SERVER")) {
                    List<ReceivedSpan> agent = inOrder(agentSpans, kind);
                    List<ReceivedSpan> sidecar = inOrder(sidecarSpans, kind);
                    assertEquals(REQUESTS, agent.size(), ReceivedSpan.describeAll(agentSpans));
                    assertEquals(REQUESTS, sidecar.size(), ReceivedSpan.describeAll(sidecarSpans));
                    for (int i = 0; i < REQUESTS; i++) {
                        assertSameExchange(agent.get(i), sidecar.get(i), connectionId, socket);
                    }
                }
                assertEquals(
                        Set.of(jvmPid),
                        sidecarSpans.stream()
                                .map(s -> s.resourceAttribute("process.pid"))
                                .collect(Collectors.toSet()));
            }
        } finally {
            TestCgroup.leave();
        }
    }

    private static void assertSameExchange(ReceivedSpan agent, ReceivedSpan sidecar, String connectionId, Path socket) {
        String both = "agent: " + agent.describe() + "\nsidecar: " + sidecar.describe();
        assertEquals(connectionId, agent.stringAttribute("uds.connection.id"), both);
        assertEquals(connectionId, sidecar.stringAttribute("uds.connection.id"), both);
        assertEquals(socket.toString(), agent.stringAttribute("network.peer.address"), both);
        assertEquals(socket.toString(), sidecar.stringAttribute("network.peer.address"), both);
        assertTrue(agent.name().startsWith("GET /"), both);
        assertEquals(agent.name(), sidecar.name(), both);
        assertEquals(agent.longAttribute("uds.request.bytes"), sidecar.longAttribute("uds.request.bytes"), both);
        assertEquals(agent.longAttribute("uds.response.bytes"), sidecar.longAttribute("uds.response.bytes"), both);
        assertEquals(200L, ((Number) agent.attribute("http.response.status_code")).longValue(), both);
        assertEquals(
                agent.attribute("http.response.status_code"), sidecar.attribute("http.response.status_code"), both);
    }

    private static List<ReceivedSpan> inOrder(List<ReceivedSpan> spans, String kind) {
        return spans.stream()
                .filter(EXCHANGES.and(ReceivedSpan.ofKind(kind)))
                .sorted(Comparator.comparingLong(ReceivedSpan::startEpochNanos))
                .toList();
    }
}
