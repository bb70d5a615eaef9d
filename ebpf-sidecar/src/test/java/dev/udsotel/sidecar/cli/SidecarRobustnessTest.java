package dev.udsotel.sidecar.cli;

import static dev.udsotel.sidecar.cli.Commands.await;
import static dev.udsotel.sidecar.cli.Commands.awaitFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.sidecar.bpf.BpfEnvironment;
import dev.udsotel.sidecar.capture.PythonPeers;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.Json;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.Prerequisite;
import dev.udsotel.testing.ReceivedSpan;
import dev.udsotel.testing.SystemPython;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar under the conditions real hosts produce: processes that die mid-message, thousands of short
 * connections, peers that close first, messages larger than the capture limit, and a consumer too slow for the
 * ring buffer. Nothing is lost without being counted, and the sidecar keeps running.
 */
class SidecarRobustnessTest {
    /** Reads "...END"-terminated requests and answers each with "OK n"; a connection closed early is just closed. */
    private static final String REQUEST_SERVER = """
            import socket, sys
            srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            srv.bind(sys.argv[1])
            srv.listen(8)
            while True:
                c, _ = srv.accept()
                data = b''
                while not data.endswith(b'END'):
                    chunk = c.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                if data.endswith(b'END'):
                    c.sendall(b'OK %d' % len(data))
                c.close()
            """;

    private static final String WHOLE_CLIENT = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(sys.argv[1])
            s.sendall(b'a whole request END')
            print(s.recv(64).decode())
            s.close()
            """;
    /** One process, both ends: COUNT connections, each one "ping" and one "pong", then closed. */
    /** The server says goodbye and closes; the client reads until its read returns 0. */
    private static final String SERVER_CLOSES_FIRST = """
            import socket, sys, threading
            path = sys.argv[1]
            srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            srv.bind(path)
            srv.listen(1)
            def serve():
                c, _ = srv.accept()
                c.sendall(b'bye')
                c.close()
            t = threading.Thread(target=serve)
            t.start()
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            t.join()
            received = b''
            while True:
                chunk = s.recv(64)
                if not chunk:
                    break
                received += chunk
            print(received.decode())
            s.close()
            """;
    /** A 1 MiB request answered by "ok". */
    private static final String LARGE_REQUEST = """
            import socket, sys, threading
            path, size = sys.argv[1], int(sys.argv[2])
            srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            srv.bind(path)
            srv.listen(1)
            def serve():
                c, _ = srv.accept()
                got = 0
                while got < size:
                    got += len(c.recv(65536))
                c.sendall(b'ok')
                c.close()
            t = threading.Thread(target=serve)
            t.start()
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            s.sendall(bytes(range(256)) * (size // 256))
            print(s.recv(16).decode())
            s.close()
            t.join()
            """;
    /** COUNT datagrams of 4000 bytes from an unbound sender to a bound receiver in the same process. */
    private static final String DATAGRAM_BURST = """
            import socket, sys, threading
            path, count = sys.argv[1], int(sys.argv[2])
            r = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            r.bind(path)
            def drain():
                for _ in range(count):
                    r.recv(8192)
            t = threading.Thread(target=drain)
            t.start()
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            message = b'd' * 4000
            for _ in range(count):
                s.sendto(message, path)
            t.join()
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void confineToThisTest() {
        Optional<String> why = BpfEnvironment.unavailableReason();
        Prerequisite.requireNoReason(why, "eBPF capture");
        TestCgroup.enter();
    }

    @AfterEach
    void leaveCgroup() {
        TestCgroup.leave();
    }

    @Test
    void keepsCapturingAfterAClientIsKilledHalfwayThroughItsRequest() throws Exception {
        Path socket = dir.resolve("req.sock");
        Path json = dir.resolve("events.json");
        ChildProcess server = Commands.background(SystemPython.PATH, "-c", REQUEST_SERVER, socket.toString());
        try (UdsTraceProcess cli = UdsTraceProcess.start(
                dir,
                TestCgroup.confined("-q", "--no-export", "--json", json.toString(), "--path", socket.toString()))) {
            awaitFile(socket);
            awaitStart(cli);
            ChildProcess killed = ChildProcess.command(
                            SystemPython.PATH, "-c", PythonPeers.KILLED_CLIENT, socket.toString())
                    .name("killed-client")
                    .start();
            assertEquals(128 + 9, killed.waitFor(Duration.ofSeconds(60)), "the client died of SIGKILL");
            await(
                    () -> events(json).stream().anyMatch(receivedBy(server.pid(), 14)),
                    "the server's read of the partial request");

            assertEquals("OK 19\n", Commands.run(SystemPython.PATH, "-c", WHOLE_CLIENT, socket.toString()));
            await(() -> events(json).stream().anyMatch(receivedBy(server.pid(), 19)), "the later request");
            await(
                    () -> events(json).stream()
                            .anyMatch(e -> "send".equals(e.get("kind"))
                                    && Long.valueOf(server.pid()).equals(number(e, "pid"))
                                    && Long.valueOf(5).equals(number(e, "bytes"))),
                    "the later answer");

            assertTrue(cli.isAlive(), cli.stderr());
            List<Map<String, Object>> events = events(json);
            Map<String, Object> partial = events.stream()
                    .filter(e -> "send".equals(e.get("kind"))
                            && Long.valueOf(killed.pid()).equals(number(e, "pid")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the killed client's write: " + events));
            assertEquals(14L, number(partial, "bytes"));
            assertEquals("half a request", partial.get("text"));
            assertEquals(0, cli.terminate());
            CaptureCounts summary = CaptureCounts.summary(cli.stderr());
            assertEquals(0, summary.drops(), cli.stderr());
            // Two connections. A client killed before the server accepted never learnt its peer's inode, and the
            // server's end reads its peer as gone: the two ends of that connection may then count apart.
            assertTrue(summary.connections() == 2 || summary.connections() == 3, cli.stderr());
            assertEquals(6, summary.messages(), "the partial write, the later exchange, each seen from both ends");
            assertEquals(2 * 14 + 2 * 19 + 2 * 5, summary.bytes(), cli.stderr());
        } finally {
            Commands.stop(server);
        }
    }

    @Test
    void countsTenThousandShortConnectionsOrAccountsForEveryMissingOneAsADrop() throws Exception {
        int connections = 10_000;
        long messages = 4L * connections;
        Path socket = dir.resolve("short.sock");
        try (UdsTraceProcess cli = UdsTraceProcess.start(
                dir, TestCgroup.confined("-q", "--no-export", "--status-interval", "1", "--path", socket.toString()))) {
            awaitStart(cli);
            Commands.run(
                    SystemPython.PATH,
                    "-c",
                    PythonPeers.SHORT_CONNECTIONS,
                    socket.toString(),
                    Integer.toString(connections));
            await(
                    () -> {
                        CaptureCounts now = CaptureCounts.latestProgress(cli.stderr());
                        return now.messages() + now.drops() >= messages;
                    },
                    "every message to be captured or counted as dropped");
            assertEquals(0, cli.terminate());
            CaptureCounts summary = CaptureCounts.summary(cli.stderr());
            assertTrue(summary.messages() <= messages, cli.stderr());
            assertTrue(summary.messages() + summary.drops() >= messages, cli.stderr());
            assertTrue(summary.connections() <= connections, cli.stderr());
            assertTrue(summary.connections() + summary.drops() >= connections, cli.stderr());
            if (summary.drops() == 0) {
                assertEquals(messages, summary.messages(), cli.stderr());
                assertEquals(connections, summary.connections(), cli.stderr());
                // "ping" and "pong", 4 bytes each, each seen once sent and once received
                assertEquals(16L * connections, summary.bytes(), cli.stderr());
            }
        }
    }

    @Test
    void seesTheServerCloseFirstAndTheClientReadEndOfFile() throws Exception {
        Path socket = dir.resolve("bye.sock");
        Path json = dir.resolve("events.json");
        try (UdsTraceProcess cli = UdsTraceProcess.start(
                dir,
                TestCgroup.confined("-q", "--no-export", "--json", json.toString(), "--path", socket.toString()))) {
            awaitStart(cli);
            assertEquals("bye\n", Commands.run(SystemPython.PATH, "-c", SERVER_CLOSES_FIRST, socket.toString()));
            await(
                    () -> events(json).stream()
                                    .filter(e -> "close".equals(e.get("kind")))
                                    .count()
                            >= 2,
                    "both closes");
            assertEquals(0, cli.terminate());
            List<Map<String, Object>> events = events(json);
            List<Map<String, Object>> closes =
                    events.stream().filter(e -> "close".equals(e.get("kind"))).toList();
            assertEquals("server", closes.get(0).get("role"), events.toString());
            assertEquals("client", closes.get(1).get("role"), events.toString());
            Map<String, Object> received = events.stream()
                    .filter(e -> "receive".equals(e.get("kind")) && "client".equals(e.get("role")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(events.toString()));
            assertEquals("bye", received.get("text"));
            assertEquals(closes.get(0).get("connection_id"), closes.get(1).get("connection_id"), events.toString());
            long dataCalls = events.stream().filter(e -> number(e, "bytes") > 0).count();
            assertEquals(
                    2,
                    dataCalls,
                    "the server's send and the client's read of it; end of file moves nothing: " + events);
            assertEquals(1, CaptureCounts.summary(cli.stderr()).connections(), cli.stderr());
        }
    }

    @Test
    void countsEveryByteOfAMessageLargerThanTheCaptureLimitAndMarksItTruncated() throws Exception {
        int size = 1 << 20;
        Path socket = dir.resolve("large.sock");
        Path json = dir.resolve("events.json");
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            Map<String, String> env = Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                    "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                    "OTEL_BSP_SCHEDULE_DELAY", "100");
            try (UdsTraceProcess cli = UdsTraceProcess.start(
                    dir,
                    env,
                    List.of(),
                    TestCgroup.confined(
                            "-q",
                            "-s",
                            "256",
                            "--json",
                            json.toString(),
                            "--path",
                            socket.toString(),
                            "--raw-path",
                            socket.toString()))) { // the bytes are binary: opted in, so previews show
                awaitStart(cli);
                assertEquals(
                        "ok\n",
                        Commands.run(
                                SystemPython.PATH, "-c", LARGE_REQUEST, socket.toString(), Integer.toString(size)));
                List<ReceivedSpan> spans = receiver.awaitSpans(
                        s -> s.longAttribute("uds.request.bytes") != null, 2, Duration.ofSeconds(30));
                await(
                        () -> events(json).stream()
                                        .filter(e -> "close".equals(e.get("kind")))
                                        .count()
                                >= 2,
                        "both closes");
                assertEquals(0, cli.terminate());

                for (ReceivedSpan span : spans) {
                    assertEquals((long) size, span.longAttribute("uds.request.bytes"), span.describe());
                    assertEquals(Boolean.TRUE, span.attribute("uds.request.truncated"), span.describe());
                    assertEquals(2L, span.longAttribute("uds.response.bytes"), span.describe());
                    assertEquals(Boolean.FALSE, span.attribute("uds.response.truncated"), span.describe());
                }
                assertEquals(
                        List.of("CLIENT", "SERVER"),
                        spans.stream().map(ReceivedSpan::kind).sorted().toList());
                List<Map<String, Object>> events = events(json);
                for (String kind : List.of("send", "receive")) {
                    List<Map<String, Object>> data = events.stream()
                            .filter(e -> kind.equals(e.get("kind")) && number(e, "bytes") > 2)
                            .toList();
                    assertEquals(
                            (long) size,
                            data.stream().mapToLong(e -> number(e, "bytes")).sum(),
                            kind + ": " + data);
                    for (Map<String, Object> e : data) {
                        assertEquals(Math.min(256L, number(e, "bytes")), number(e, "captured"), e.toString());
                        assertEquals(number(e, "bytes") > 256, e.get("truncated"), e.toString());
                    }
                }
            }
        }
    }

    @Test
    void countsKernelDropsWhenTheReaderStallsAndAccountsForEveryMessage() throws Exception {
        int datagrams = 3000;
        long messages = 2L * datagrams;
        Path socket = dir.resolve("burst.sock");
        try (UdsTraceProcess cli = UdsTraceProcess.start(
                dir,
                TestCgroup.confined(
                        "-q", "--no-export", "-s", "4096", "--buffer-size", "1", "--status-interval", "1"))) {
            awaitStart(cli);
            Commands.run("kill", "-STOP", Long.toString(cli.pid()));
            try {
                Commands.run(SystemPython.PATH, "-c", DATAGRAM_BURST, socket.toString(), Integer.toString(datagrams));
            } finally {
                Commands.run("kill", "-CONT", Long.toString(cli.pid()));
            }
            await(
                    () -> {
                        CaptureCounts now = CaptureCounts.latestProgress(cli.stderr());
                        return now.messages() + now.drops() >= messages;
                    },
                    "every datagram to be captured or counted as dropped");
            assertEquals(0, cli.terminate());
            CaptureCounts summary = CaptureCounts.summary(cli.stderr());
            assertTrue(summary.kernelDrops() > 0, cli.stderr());
            assertTrue(summary.messages() <= messages, cli.stderr());
            assertTrue(summary.messages() + summary.drops() >= messages, cli.stderr());
            // the other events of the burst (bind, close) may be dropped too, and nothing else runs in the cgroup
            assertTrue(summary.messages() + summary.drops() <= messages + 16, cli.stderr());
        }
    }

    private static void awaitStart(UdsTraceProcess cli) throws InterruptedException {
        await(() -> cli.stderr().contains("capturing AF_UNIX traffic") || !cli.isAlive(), "uds-trace to start");
        assertTrue(cli.isAlive(), cli.stderr());
    }

    private static Predicate<Map<String, Object>> receivedBy(long pid, long bytes) {
        return e -> "receive".equals(e.get("kind"))
                && Long.valueOf(pid).equals(number(e, "pid"))
                && Long.valueOf(bytes).equals(number(e, "bytes"));
    }

    private static long number(Map<String, Object> event, String field) {
        return ((Number) event.get(field)).longValue();
    }

    private static List<Map<String, Object>> events(Path json) {
        try {
            if (!Files.exists(json)) {
                return List.of();
            }
            return Files.readAllLines(json).stream()
                    .filter(l -> l.endsWith("}"))
                    .map(Json::object)
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
