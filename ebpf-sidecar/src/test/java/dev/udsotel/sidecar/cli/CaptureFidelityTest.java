package dev.udsotel.sidecar.cli;

import static dev.udsotel.sidecar.cli.Commands.await;
import static dev.udsotel.sidecar.cli.Commands.awaitFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.sidecar.output.Tshark;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.Json;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.PostgresServer;
import dev.udsotel.testing.ReceivedSpan;
import dev.udsotel.testing.SystemPython;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What the sidecar reports matches what happened: times, span kinds, names, connection ids, pcap streams. */
@ExtendWith(CapturesInTestCgroup.class)
class CaptureFidelityTest {
    /** Serves one datagram request: waits in recvfrom, then answers the sender's own address. */
    private static final String DATAGRAM_SERVER = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            s.bind(sys.argv[1])
            data, sender = s.recvfrom(4096)
            s.sendto(b'pong:' + data, sender)
            """;
    /** Asks from a bound address of its own, so the answer can find it. */
    private static final String DATAGRAM_CLIENT = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            s.bind(sys.argv[2])
            s.sendto(b'ping', sys.argv[1])
            print(s.recv(4096).decode())
            """;

    @TempDir
    Path dir;

    @Test
    void aBlockingReceiveIsTimedWhenItsDataArrivedNotWhenItBeganWaiting() throws Exception {
        Path server = dir.resolve("slow.sock");
        Path json = dir.resolve("events.json");
        ChildProcess receiver = null;
        try (UdsTraceProcess cli = UdsTraceProcess.start(
                dir,
                TestCgroup.confined(
                        "-q",
                        "--no-export",
                        "--path",
                        dir + "/*.sock",
                        "--json",
                        json.toString(),
                        "--status-interval",
                        "1"))) {
            await(() -> cli.stderr().contains("capturing AF_UNIX traffic"), "start");
            receiver = Commands.background(SystemPython.PATH, "-c", DATAGRAM_SERVER, server.toString());
            awaitFile(server);
            Thread.sleep(500); // the server now waits in recvfrom: its call began well before the send below
            assertEquals(
                    "pong:ping\n",
                    Commands.run(
                            SystemPython.PATH,
                            "-c",
                            DATAGRAM_CLIENT,
                            server.toString(),
                            dir.resolve("client.sock").toString()));
            await(() -> cli.stderr().contains(": 4 messages"), "request and answer, each sent and received");
            assertEquals(0, cli.terminate());
            List<Map<String, Object>> events = java.nio.file.Files.readAllLines(json).stream()
                    .map(Json::object)
                    .filter(e -> server.toString().equals(e.get("path")))
                    .toList();
            Map<String, Object> sent = only(events, "send", "cGluZw==");
            Map<String, Object> received = only(events, "receive", "cGluZw==");
            long sentAt = ((Number) sent.get("start_ns")).longValue();
            long receivedAt = ((Number) received.get("start_ns")).longValue();
            assertTrue(
                    receivedAt >= sentAt,
                    "the request was received at " + receivedAt + ", before it was sent at " + sentAt + ": " + events);
            assertTrue(
                    received.get("time").toString().compareTo(sent.get("time").toString()) >= 0, events.toString());
        } finally {
            Commands.stop(receiver);
        }
    }

    @Test
    void datagramRequestAndAnswerAreAClientAndAServerSpanUnderOneProcessNameAndTheNodeName() throws Exception {
        Path server = dir.resolve("dns.sock");
        ChildProcess answering = null;
        try (OtlpReceiver receiver = OtlpReceiver.start();
                UdsTraceProcess cli = UdsTraceProcess.start(
                        dir,
                        Map.of(
                                "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                                "OTEL_BSP_SCHEDULE_DELAY", "100",
                                "NODE_NAME", "node-7.example"),
                        List.of(),
                        TestCgroup.confined("--path", dir + "/*.sock"))) {
            await(() -> cli.stderr().contains("capturing AF_UNIX traffic"), "start");
            answering = Commands.background(SystemPython.PATH, "-c", DATAGRAM_SERVER, server.toString());
            awaitFile(server);
            Commands.run(
                    SystemPython.PATH,
                    "-c",
                    DATAGRAM_CLIENT,
                    server.toString(),
                    dir.resolve("asker.sock").toString());
            ReceivedSpan client = receiver.awaitSpans(ReceivedSpan.ofKind("CLIENT"), 1, Duration.ofSeconds(30))
                    .get(0);
            ReceivedSpan answer = receiver.awaitSpans(ReceivedSpan.ofKind("SERVER"), 1, Duration.ofSeconds(30))
                    .get(0);
            assertEquals(0, cli.terminate());

            assertEquals(server.toString(), client.stringAttribute("server.address"), client.describe());
            assertEquals((long) answering.pid(), answer.resourceAttribute("process.pid"), answer.describe());
            assertEquals("node-7.example", client.resourceAttribute("host.name"), client.describe());
            assertEquals("node-7.example", answer.resourceAttribute("host.name"), answer.describe());
            String live = cli.stdout();
            assertTrue(live.contains(answering.pid() + "/python3 <- " + server), live);
            assertTrue(
                    Pattern.compile("(?m)^\\s+" + answering.pid() + "\\s+python3\\s")
                            .matcher(cli.stderr())
                            .find(),
                    "the summary names the process as the live view does:\n" + cli.stderr());
        } finally {
            Commands.stop(answering);
        }
    }

    @Test
    void aConnectSpanCarriesTheConnectionIdBothEndsShareEvenWhenTheServerAcceptsLate() throws Exception {
        Path socket = dir.resolve("late.sock");
        ChildProcess server = null;
        try (OtlpReceiver receiver = OtlpReceiver.start();
                UdsTraceProcess cli = UdsTraceProcess.start(
                        dir,
                        Map.of(
                                "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                                "OTEL_BSP_SCHEDULE_DELAY", "100"),
                        List.of(),
                        TestCgroup.confined("-q", "--path", socket.toString()))) {
            await(() -> cli.stderr().contains("capturing AF_UNIX traffic"), "start");
            server = Commands.background(SystemPython.PATH, "-c", """
                    import socket, sys, time
                    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    s.bind(sys.argv[1])
                    s.listen()
                    while True:
                        time.sleep(0.5)  # the client's connect has long returned when this accept runs
                        c, _ = s.accept()
                        c.sendall(b'pong:' + c.recv(100))
                        c.close()
                    """, socket.toString());
            awaitFile(socket);
            assertEquals("pong:ping", Commands.run(SystemPython.PATH, "-c", """
                    import socket, sys
                    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    s.connect(sys.argv[1])
                    s.sendall(b'ping')
                    print(s.recv(100).decode(), end='')
                    """, socket.toString()));
            ReceivedSpan connect = receiver.awaitSpans(
                            ReceivedSpan.named("connect " + socket), 1, Duration.ofSeconds(30))
                    .get(0);
            ReceivedSpan accept = receiver.awaitSpans(ReceivedSpan.named("accept " + socket), 1, Duration.ofSeconds(30))
                    .get(0);
            assertEquals(0, cli.terminate());
            String id = connect.stringAttribute("uds.connection.id");
            assertTrue(id.matches("\\d+-\\d+"), "two inodes: " + connect.describe());
            assertEquals(accept.stringAttribute("uds.connection.id"), id, accept.describe());
        } finally {
            Commands.stop(server);
        }
    }

    @Test
    void eachPsqlSessionIsOneTcpStreamOnPort5432ThatTsharkDecodesAsPostgres() throws Exception {
        Path pcap = dir.resolve("pg.pcap");
        Path bin = PostgresServer.binaries().orElseThrow(() -> new AssertionError("PostgreSQL is not installed"));
        try (PostgresServer postgres = PostgresServer.start(bin, dir, "clear-pw", "md5-pw", "scram-pw");
                UdsTraceProcess cli = UdsTraceProcess.start(
                        dir,
                        TestCgroup.confined(
                                "-q",
                                "--no-export",
                                "--path",
                                postgres.socket().toString(),
                                "--pcap",
                                pcap.toString(),
                                "--status-interval",
                                "1"))) {
            await(() -> cli.stderr().contains("capturing AF_UNIX traffic"), "start");
            assertEquals("2\n", postgres.query("SELECT 1 + 1"));
            assertEquals("3\n", postgres.query("SELECT 1 + 2"));
            // each session: startup, authentication and parameters, query, result, terminate; seen from both ends
            await(() -> messagesCounted(cli.stderr()) >= 20, "both sessions");
            assertEquals(0, cli.terminate());
        }
        List<String> streams =
                Tshark.fields(pcap, "tcp.flags.syn == 1 && tcp.flags.ack == 0", "tcp.stream", "tcp.dstport");
        assertEquals(List.of("0\t5432", "1\t5432"), streams, "one stream per psql session");
        List<String> queries = Tshark.fields(pcap, "pgsql.query", "pgsql.query");
        // the pcap carries the statements with their literals overwritten (the default redaction), and still decodes
        assertEquals(List.of("SELECT * + *", "SELECT * + *"), queries);
    }

    @Test
    void aPidWithNoProcessStopsTheStartWithOneLineSayingSo() throws Exception {
        try (UdsTraceProcess cli = UdsTraceProcess.start(dir, "-q", "--no-export", "--pid", "999999999")) {
            assertEquals(1, cli.waitFor());
            assertTrue(cli.stderr().startsWith("uds-trace: --pid 999999999: no such process"), cli.stderr());
            assertEquals(1, cli.stderr().lines().count(), cli.stderr());
        }
    }

    @Test
    void aPathThatMatchesNoSocketIsNotedAtStartAndTheCaptureGoesOn() throws Exception {
        Path missing = dir.resolve("nothing-here/*.sock");
        Path existing = dir.resolve("here.sock");
        ChildProcess listener = Commands.background("socat", "UNIX-LISTEN:" + existing + ",fork", "EXEC:cat");
        try {
            awaitFile(existing);
            try (UdsTraceProcess cli = UdsTraceProcess.start(
                    dir,
                    TestCgroup.confined(
                            "-q", "--no-export", "--path", missing.toString(), "--path", existing.toString()))) {
                await(() -> cli.stderr().contains("capturing AF_UNIX traffic"), "start");
                assertTrue(cli.isAlive());
                assertEquals(0, cli.terminate());
                String err = cli.stderr();
                assertTrue(
                        err.contains("uds-trace: note: --path " + missing + " matches no socket visible here yet"),
                        err);
                assertTrue(!err.contains("--path " + existing + " matches no socket"), err);
            }
        } finally {
            Commands.stop(listener);
        }
    }

    @Test
    void anUnreachableCollectorIsReportedWhileCapturingWithTheSpansLost() throws Exception {
        Path socket = dir.resolve("api.sock");
        ChildProcess server =
                Commands.background(SystemPython.PATH, "-c", Commands.PYTHON_UDS_HTTP_SERVER, socket.toString());
        try (UdsTraceProcess cli = UdsTraceProcess.start(
                dir,
                Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9",
                        "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                        "OTEL_BSP_SCHEDULE_DELAY", "100"),
                List.of(),
                TestCgroup.confined("-q", "--path", socket.toString()))) {
            awaitFile(socket);
            await(() -> cli.stderr().contains("capturing AF_UNIX traffic"), "start");
            Commands.run("curl", "-sS", "--unix-socket", socket.toString(), "http://localhost/items/7");
            await(
                    () -> cli.stderr().contains("spans are not reaching http://127.0.0.1:9: "),
                    "the report of lost spans");
            assertTrue(cli.isAlive(), "reported while the capture runs");
            Pattern lost = Pattern.compile(
                    "spans are not reaching http://127\\.0\\.0\\.1:9: ([1-9]\\d*) of \\d+ spans lost so far");
            assertTrue(lost.matcher(cli.stderr()).find(), cli.stderr());
            assertEquals(0, cli.terminate());
        } finally {
            Commands.stop(server);
        }
    }

    private static long messagesCounted(String status) {
        var counts = Pattern.compile(": (\\d+) messages").matcher(status);
        long last = 0;
        while (counts.find()) {
            last = Long.parseLong(counts.group(1));
        }
        return last;
    }

    private static Map<String, Object> only(List<Map<String, Object>> events, String kind, String payload) {
        List<Map<String, Object>> found = events.stream()
                .filter(e -> kind.equals(e.get("kind")) && payload.equals(e.get("payload_base64")))
                .toList();
        assertEquals(1, found.size(), kind + " of " + payload + " in " + events);
        return found.get(0);
    }
}
