package dev.udsotel.sidecar.cli;

import static dev.udsotel.sidecar.cli.Commands.await;
import static dev.udsotel.sidecar.cli.Commands.awaitFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.testing.ChildJvm;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.ReceivedSpan;
import dev.udsotel.testing.SystemPython;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both ends of an exchange make one trace, the server span a child of the client span, whoever traced each end:
 * uds-trace alone, or a JVM's agent at one end and uds-trace at the other. A JVM that runs the agent is left to it,
 * so each end is exported once. Everything is checked on the OTLP bytes one receiver got from all of them.
 */
@ExtendWith(CapturesInTestCgroup.class)
class LinkedEndsTest {
    private static final Duration ARRIVAL = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Predicate<ReceivedSpan> EXCHANGES = ReceivedSpan.withAttribute("uds.exchange", "exchange");
    private static final Path AGENT_JAR = Path.of(System.getProperty("uds.agent.jar", "../agent/target/uds-agent.jar"));
    private static final String SIDECAR = "dev.udsotel.sidecar";
    private static final String AGENT = "dev.udsotel.agent";
    private static final int REQUESTS = 4;

    @TempDir
    Path dir;

    @Test
    void redisCliAndRedisServerMakeOneTracePerCommand() throws Exception {
        Path socket = dir.resolve("redis.sock");
        ChildProcess redis = Commands.background(
                "redis-server",
                "--port",
                "0",
                "--unixsocket",
                socket.toString(),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString());
        try (OtlpReceiver receiver = OtlpReceiver.start();
                UdsTraceProcess cli = sidecar(receiver, socket)) {
            awaitFile(socket);
            assertEquals(
                    "OK",
                    Commands.run("redis-cli", "-s", socket.toString(), "SET", "greeting", "hello")
                            .trim());
            assertEquals(
                    "hello",
                    Commands.run("redis-cli", "-s", socket.toString(), "GET", "greeting")
                            .trim());
            List<ReceivedSpan> commands = receiver.awaitSpans(EXCHANGES.and(this::isRedisCommand), 4, ARRIVAL);
            assertEquals(0, cli.terminate(), cli.stderr());

            String all = ReceivedSpan.describeAll(receiver.spans());
            for (String command : List.of("SET", "GET")) {
                ReceivedSpan client = only(commands, command, "CLIENT", all);
                ReceivedSpan server = only(commands, command, "SERVER", all);
                String both = client.describe() + "\n" + server.describe();
                assertEquals("redis-cli", client.resourceAttribute("service.name"), both);
                assertEquals("redis-server", server.resourceAttribute("service.name"), both);
                assertTrue(client.isRoot(), both);
                assertTrue(server.isChildOf(client), "one trace, the server span a child of the client span:\n" + both);
                assertEquals("redis-server", client.stringAttribute("peer.service"), both);
            }
        } finally {
            Commands.stop(redis);
        }
    }

    /** A Redis client on one connection: PING, then SET and GET written together (a pipeline), then ECHO. */
    private static final String PIPELINING_REDIS_CLIENT = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX)
            s.connect(sys.argv[1])
            def send(data, replies):
                s.sendall(data)
                got = b''
                while got.count(b'\\r\\n') < replies:
                    got += s.recv(4096)
            send(b'*1\\r\\n$4\\r\\nPING\\r\\n', 1)
            send(b'*3\\r\\n$3\\r\\nSET\\r\\n$1\\r\\nk\\r\\n$1\\r\\nv\\r\\n*2\\r\\n$3\\r\\nGET\\r\\n$1\\r\\nk\\r\\n', 3)
            send(b'*2\\r\\n$4\\r\\nECHO\\r\\n$5\\r\\nafter\\r\\n', 2)
            s.close()
            print('done')
            """;

    @Test
    void aConnectionThatPipelinedIsLinkedNoMoreRatherThanWrongly() throws Exception {
        Path socket = dir.resolve("redis.sock");
        ChildProcess redis = Commands.background(
                "redis-server",
                "--port",
                "0",
                "--unixsocket",
                socket.toString(),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString());
        try (OtlpReceiver receiver = OtlpReceiver.start();
                UdsTraceProcess cli = sidecar(receiver, socket)) {
            awaitFile(socket);
            assertEquals(
                    "done",
                    Commands.run(SystemPython.PATH, "-c", PIPELINING_REDIS_CLIENT, socket.toString())
                            .trim());
            List<ReceivedSpan> clients = receiver.awaitSpans(
                    EXCHANGES.and(this::isRedisCommand).and(ReceivedSpan.ofKind("CLIENT")), 3, ARRIVAL);
            assertEquals(0, cli.terminate(), cli.stderr());

            String all = ReceivedSpan.describeAll(receiver.spans());
            ReceivedSpan ping = only(clients, "PING", "CLIENT", all);
            ReceivedSpan set = only(clients, "SET", "CLIENT", all);
            ReceivedSpan echo = only(clients, "ECHO", "CLIENT", all);
            assertEquals(1L, ping.longAttribute("uds.exchange.sequence"), "linked before the pipeline:\n" + all);
            assertEquals(2L, set.longAttribute("uds.redis.pipelined"), all);
            assertEquals(null, set.longAttribute("uds.exchange.sequence"), "the pipeline is not numbered:\n" + all);
            assertEquals(null, echo.longAttribute("uds.exchange.sequence"), "nor what follows it:\n" + all);
            List<ReceivedSpan> servers = receiver.spans().stream()
                    .filter(EXCHANGES.and(this::isRedisCommand).and(ReceivedSpan.ofKind("SERVER")))
                    .toList();
            assertTrue(servers.stream().anyMatch(server -> server.isChildOf(ping)), all);
            for (ReceivedSpan server : servers) {
                for (ReceivedSpan client : clients) {
                    if (server.isChildOf(client)) {
                        assertEquals(client.name(), server.name(), "never a wrong parent:\n" + all);
                    }
                }
            }
        } finally {
            Commands.stop(redis);
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void aClientUnderTheAgentIsTheParentOfTheServerSpanUdsTraceMakes(int jdk) throws Exception {
        Path socket = dir.resolve("api.sock");
        ChildProcess server = Commands.background(
                SystemPython.PATH, "-c", Commands.PYTHON_UDS_KEEP_ALIVE_HTTP_SERVER, socket.toString());
        try (OtlpReceiver receiver = OtlpReceiver.start();
                UdsTraceProcess cli = sidecar(receiver, socket)) {
            awaitFile(socket);
            long clientPid;
            List<ReceivedSpan> clients;
            List<ReceivedSpan> servers;
            try (ChildProcess client = underTheAgent(jdk, receiver, "client", socket.toString(), "1")
                    .start()) {
                clientPid = client.pid();
                client.awaitOutput("done", WAIT);
                clients = receiver.awaitSpans(EXCHANGES.and(ReceivedSpan.ofKind("CLIENT")), 1, ARRIVAL);
                servers = receiver.awaitSpans(EXCHANGES.and(ReceivedSpan.ofKind("SERVER")), 1, ARRIVAL);
            }
            assertEquals(0, cli.terminate(), cli.stderr());

            String all = ReceivedSpan.describeAll(receiver.spans());
            ReceivedSpan c = clients.get(0);
            ReceivedSpan s = servers.get(0);
            assertEquals(AGENT, c.scopeName(), all);
            assertEquals(clientPid, c.resourceAttribute("process.pid"), all);
            assertEquals(SIDECAR, s.scopeName(), all);
            assertEquals(server.pid(), s.resourceAttribute("process.pid"), all);
            assertEquals(
                    s.resourceAttribute("service.name"),
                    c.stringAttribute("peer.service"),
                    "the agent's client span names the server process as uds-trace names it:\n" + all);
            assertTrue(c.isRoot(), all);
            assertTrue(s.isChildOf(c), "the server span is a child of the agent's client span:\n" + all);
            assertExportedOncePerEnd(receiver.spans(), clientPid, all);
        } finally {
            Commands.stop(server);
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void aServerUnderTheAgentIsAChildOfTheClientSpanUdsTraceMakes(int jdk) throws Exception {
        Path socket = dir.resolve("api.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start();
                UdsTraceProcess cli = sidecar(receiver, socket);
                ChildProcess server = underTheAgent(jdk, receiver, "server", socket.toString())
                        .start()) {
            server.awaitOutput("listening on", WAIT);
            for (int i = 0; i < REQUESTS; i++) {
                Commands.run("curl", "-sS", "--unix-socket", socket.toString(), "http://localhost/items/" + i);
            }
            List<ReceivedSpan> clients =
                    receiver.awaitSpans(EXCHANGES.and(ReceivedSpan.ofKind("CLIENT")), REQUESTS, ARRIVAL);
            List<ReceivedSpan> servers =
                    receiver.awaitSpans(EXCHANGES.and(ReceivedSpan.ofKind("SERVER")), REQUESTS, ARRIVAL);
            assertEquals(0, cli.terminate(), cli.stderr());

            String all = ReceivedSpan.describeAll(receiver.spans());
            assertEquals(REQUESTS, clients.size(), all);
            assertEquals(REQUESTS, servers.size(), all);
            for (ReceivedSpan c : clients) {
                assertEquals("curl", c.resourceAttribute("service.name"), all);
                ReceivedSpan s = servers.stream()
                        .filter(span -> span.isChildOf(c))
                        .findFirst()
                        .orElseThrow(
                                () -> new AssertionError("no server span is a child of " + c.describe() + "\n" + all));
                assertEquals(AGENT, s.scopeName(), all);
                assertEquals(c.name(), s.name(), all);
                assertEquals("http-peer-server", s.resourceAttribute("service.name"), all);
                assertEquals(
                        "http-peer-server",
                        c.stringAttribute("peer.service"),
                        "peer.service names the agent's JVM as the" + " agent does:\n" + all);
            }
            assertExportedOncePerEnd(receiver.spans(), server.pid(), all);
        }
    }

    @Test
    void theSwitchMakesUdsTraceExportTheAgentJvmsEndsToo() throws Exception {
        Path socket = dir.resolve("api.sock");
        ChildProcess server = Commands.background(
                SystemPython.PATH, "-c", Commands.PYTHON_UDS_KEEP_ALIVE_HTTP_SERVER, socket.toString());
        try (OtlpReceiver receiver = OtlpReceiver.start();
                UdsTraceProcess cli = sidecar(receiver, socket, "--agent-jvms", "export")) {
            awaitFile(socket);
            List<ReceivedSpan> both;
            try (ChildProcess client = underTheAgent(25, receiver, "client", socket.toString(), "1")
                    .start()) {
                client.awaitOutput("done", WAIT);
                long clientPid = client.pid();
                both = receiver.awaitSpans(
                        EXCHANGES.and(s -> Long.valueOf(clientPid).equals(s.resourceAttribute("process.pid"))),
                        2,
                        ARRIVAL);
            }
            assertEquals(0, cli.terminate(), cli.stderr());
            assertEquals(
                    List.of(AGENT, SIDECAR),
                    both.stream().map(ReceivedSpan::scopeName).sorted().toList(),
                    ReceivedSpan.describeAll(receiver.spans()));
        } finally {
            Commands.stop(server);
        }
    }

    /** Each (connection, exchange, end) arrived once, and the agent's JVM only from the agent. */
    private static void assertExportedOncePerEnd(List<ReceivedSpan> spans, long agentPid, String all) {
        Map<String, Long> perEnd = spans.stream()
                .filter(EXCHANGES)
                .collect(Collectors.groupingBy(
                        s -> s.stringAttribute("uds.connection.id") + "#" + s.longAttribute("uds.exchange.sequence")
                                + " " + s.kind(),
                        Collectors.counting()));
        perEnd.forEach((end, count) -> assertEquals(1L, count, end + " exported " + count + " times:\n" + all));
        assertTrue(
                spans.stream()
                        .noneMatch(s -> SIDECAR.equals(s.scopeName())
                                && Long.valueOf(agentPid).equals(s.resourceAttribute("process.pid"))),
                "uds-trace left the agent's JVM alone:\n" + all);
    }

    private boolean isRedisCommand(ReceivedSpan span) {
        return "redis".equals(span.attribute("db.system.name"))
                && List.of("SET", "GET", "PING", "ECHO").contains(span.name());
    }

    private static ReceivedSpan only(List<ReceivedSpan> spans, String name, String kind, String all) {
        List<ReceivedSpan> matching = spans.stream()
                .filter(ReceivedSpan.named(name).and(ReceivedSpan.ofKind(kind)))
                .toList();
        assertEquals(1, matching.size(), name + " " + kind + ":\n" + all);
        return matching.get(0);
    }

    private UdsTraceProcess sidecar(OtlpReceiver receiver, Path socket, String... more) throws Exception {
        Map<String, String> env = Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "OTEL_BSP_SCHEDULE_DELAY", "100");
        List<String> args = new ArrayList<>(List.of("-q", "--path", socket.toString()));
        args.addAll(List.of(more));
        UdsTraceProcess cli =
                UdsTraceProcess.start(dir, env, List.of(), TestCgroup.confined(args.toArray(String[]::new)));
        await(() -> cli.stderr().contains("capturing AF_UNIX traffic") || !cli.isAlive(), "uds-trace to start");
        assertTrue(cli.isAlive(), cli.stderr());
        return cli;
    }

    private ChildJvm underTheAgent(int jdk, OtlpReceiver receiver, String... args) throws Exception {
        assertTrue(
                Files.isRegularFile(AGENT_JAR),
                AGENT_JAR + " is missing: mvn -B -q -pl agent/launcher -am package -DskipTests");
        Path program = dir.resolve("HttpPeer.java");
        if (!Files.exists(program)) {
            try (InputStream source = getClass().getResourceAsStream("/dev/udsotel/sidecar/linked/HttpPeer.java")) {
                Files.copy(source, program);
            }
        }
        List<String> arguments = new ArrayList<>(List.of(args));
        ChildJvm jvm = ChildJvm.on(jdk)
                .javaAgent(AGENT_JAR)
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .env("OTEL_BSP_SCHEDULE_DELAY", "100")
                .env("OTEL_METRICS_EXPORTER", "none")
                .env("OTEL_LOGS_EXPORTER", "none")
                .env("OTEL_SERVICE_NAME", "http-peer-" + args[0])
                .env("UDS_EXPORT_PRIORITY", "normal")
                .classpath(dir)
                .mainClass(program.toString(), arguments.toArray(String[]::new));
        return jdk >= 24 ? jvm.jvmArgument("--enable-native-access=ALL-UNNAMED") : jvm;
    }
}
