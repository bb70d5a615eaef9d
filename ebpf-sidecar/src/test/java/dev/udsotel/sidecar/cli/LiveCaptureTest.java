package dev.udsotel.sidecar.cli;

import static dev.udsotel.sidecar.cli.Commands.await;
import static dev.udsotel.sidecar.cli.Commands.awaitFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.sidecar.output.Tshark;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.Prerequisite;
import dev.udsotel.testing.SystemPython;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The real uds-trace, capturing real programs' traffic through the eBPF probe. */
@ExtendWith(CapturesInTestCgroup.class)
class LiveCaptureTest {
    @TempDir
    Path dir;

    private Path socket;
    private ChildProcess server;

    @BeforeEach
    void startHttpServer() throws Exception {
        socket = dir.resolve("api.sock");
        server = Commands.background(SystemPython.PATH, "-c", Commands.PYTHON_UDS_HTTP_SERVER, socket.toString());
        awaitFile(socket);
    }

    @AfterEach
    void stopServer() throws Exception {
        Commands.stop(server);
    }

    @Test
    void showsCurlsRequestAndTheServersResponseLiveAndInTheSummary() throws Exception {
        try (UdsTraceProcess cli = started("--path", socket.toString(), "--no-export")) {
            curl("/version");
            await(
                    () -> cli.stdout().contains("<- " + socket + " ")
                            && cli.stdout().contains("HTTP/1.1 200 OK"),
                    "the response in the live view");
            assertEquals(0, cli.terminate());

            String live = cli.stdout();
            assertMatches(
                    live,
                    "\\d{2}:\\d{2}:\\d{2}\\.\\d{6} \\d+/curl -> " + Pattern.quote(socket.toString())
                            + " \\d+ B \"GET /version HTTP/1\\.1\\\\r\\\\nHost: localhost\\\\r\\\\n.*");
            assertMatches(
                    live,
                    ".* " + server.pid() + "/python3 <- " + Pattern.quote(socket.toString())
                            + " \\d+ B \"GET /version .*");
            assertMatches(
                    live,
                    ".* " + server.pid() + "/python3 -> " + Pattern.quote(socket.toString())
                            + " 101 B \"HTTP/1\\.1 200 OK\\\\r\\\\nContent-Type: application/json.*");
            assertMatches(live, ".* \\d+/curl <- " + Pattern.quote(socket.toString()) + " 101 B \"HTTP/1\\.1 200 OK.*");

            String summary = cli.stderr();
            assertTrue(summary.contains("4 messages, "), summary);
            assertTrue(summary.contains(", 1 connections captured"), summary);
            assertMatches(
                    summary,
                    " +" + server.pid() + "  python3[.0-9]* +1 +101 +1 +\\d+  " + Pattern.quote(socket.toString()));
            assertMatches(summary, " +\\d+  curl +1 +\\d+ +1 +101  " + Pattern.quote(socket.toString()));
            // the probe sees the whole host, so other programs' bursts may fill the ring buffer: no claim about zero
            assertMatches(
                    summary,
                    "\\d+ events dropped by the kernel \\(ring buffer full, counted before filtering\\), \\d+ dropped in user space");
        }
    }

    @Test
    void hexDumpFollowsEachMessageLikeTcpdumpX() throws Exception {
        try (UdsTraceProcess cli = started("--path", socket.toString(), "--no-export", "-X")) {
            curl("/hex");
            await(
                    () -> cli.stdout().contains("0x0000:  4854 5450 2f31 2e31 2032 3030 204f 4b0d  HTTP/1.1 200 OK."),
                    "the response's hex dump");
            assertEquals(0, cli.terminate());
            assertTrue(
                    cli.stdout().contains("\t0x0000:  4745 5420 2f68 6578 2048 5454 502f 312e  GET /hex HTTP/1."),
                    cli.stdout());
        }
    }

    @Test
    void writesJsonLinesWithEveryFieldAndTheExactPayload() throws Exception {
        Path json = dir.resolve("events.jsonl");
        try (UdsTraceProcess cli =
                started("--path", socket.toString(), "--no-export", "-q", "--json", json.toString())) {
            curl("/json");
            await(
                    () -> read(json).contains("\"comm\":\"curl\",")
                            && read(json).contains("\"kind\":\"receive\""),
                    "curl's receive in the JSON file");
            assertEquals(0, cli.terminate());
        }
        // python's own json module reads every line, and prints the fields we check
        String fields = Commands.run(SystemPython.PATH, "-c", """
                import json, sys, base64
                for line in open(sys.argv[1]):
                    e = json.loads(line)
                    if e['comm'] == 'curl' and e['kind'] == 'send':
                        print(e['path'], e['socket_type'], e['role'], e['bytes'], e['captured'], e['truncated'],
                              e['fd'] > 2, e['inode'] > 0 and e['connection_id'] != '', e['pid'] > 0, e['time'][:2] == '20')
                        print(base64.b64decode(e['payload_base64']).decode().split('\\r\\n')[0])
                        print(e['text'][:30])
                """, json.toString());
        List<String> lines = fields.lines().toList();
        assertEquals(3, lines.size(), fields);
        assertTrue(lines.get(0).startsWith(socket + " stream client "), lines.get(0));
        assertTrue(lines.get(0).endsWith(" False True True True True"), lines.get(0));
        assertEquals("GET /json HTTP/1.1", lines.get(1));
        assertEquals("GET /json HTTP/1.1\\r\\nHost: lo", lines.get(2));
    }

    @Test
    void writesAPcapThatTsharkDecodesAsHttp() throws Exception {
        Path pcap = dir.resolve("capture.pcap");
        try (UdsTraceProcess cli = started(
                "--path",
                socket.toString(),
                "--no-export",
                "-q",
                "--pcap",
                pcap.toString(),
                "--status-interval",
                "1")) {
            curl("/first");
            curl("/second?x=1");
            await(() -> stats(cli).contains("8 messages"), "both exchanges in the status line");
            assertEquals(0, cli.terminate());
        }
        assertEquals(
                List.of("GET\t/first", "GET\t/second?x=1"),
                Tshark.fields(pcap, "http.request", "http.request.method", "http.request.uri"));
        assertEquals(
                List.of("200\tapplication/json", "200\tapplication/json"),
                Tshark.fields(pcap, "http.response", "http.response.code", "http.content_type"));
        assertEquals(
                2,
                Tshark.fields(pcap, "tcp.flags.syn == 1 && tcp.flags.ack == 0", "tcp.stream")
                        .size(),
                "one TCP connection per curl");
    }

    @Test
    void printsAProgressLineWhileTheLiveViewIsOff() throws Exception {
        try (UdsTraceProcess cli =
                started("--path", socket.toString(), "--no-export", "-q", "--status-interval", "1")) {
            curl("/progress");
            await(() -> stats(cli).contains("4 messages"), "a status line counting the exchange");
            assertEquals(0, cli.terminate());
            assertEquals("", cli.stdout());
            assertMatches(
                    cli.stderr(),
                    "uds-trace: \\d+s: 4 messages, \\d+ bytes, 1 connections, dropped \\d+ kernel / \\d+ user");
        }
    }

    @Test
    void pidFilterKeepsOnlyThatProcess() throws Exception {
        try (UdsTraceProcess cli = started("--pid", Long.toString(server.pid()), "--no-export")) {
            curl("/only-server");
            await(() -> cli.stdout().contains("-> " + socket), "the server's response");
            assertEquals(0, cli.terminate());
            String live = cli.stdout();
            assertFalse(live.contains("/curl "), live);
            assertTrue(live.contains(server.pid() + "/python3 <- " + socket), live);
        }
    }

    @Test
    void cgroupFilterKeepsOnlyTheProcessesInsideIt() throws Exception {
        Path hierarchy = Path.of("/sys/fs/cgroup/unified");
        if (!Files.exists(hierarchy.resolve("cgroup.procs"))) {
            hierarchy = Path.of("/sys/fs/cgroup");
        }
        Prerequisite.require(Files.exists(hierarchy.resolve("cgroup.procs")), "no writable cgroup v2 hierarchy here");
        Path cgroup = Files.createDirectory(
                hierarchy.resolve("uds-trace-test-" + ProcessHandle.current().pid()));
        try {
            Files.writeString(cgroup.resolve("cgroup.procs"), Long.toString(server.pid()));
            try (UdsTraceProcess cli = UdsTraceProcess.start(dir, "--cgroup", cgroup.toString(), "--no-export")) {
                awaitStarted(cli);
                curl("/in-cgroup");
                await(() -> cli.stdout().contains("-> " + socket), "the server's response");
                assertEquals(0, cli.terminate());
                String live = cli.stdout();
                assertTrue(live.contains(server.pid() + "/python3 <- " + socket), live);
                assertFalse(live.contains("/curl "), live);
                assertTrue(cli.stderr().contains("capturing AF_UNIX traffic in cgroup " + cgroup), cli.stderr());
            }
        } finally {
            Commands.stop(server);
            Files.deleteIfExists(cgroup);
        }
    }

    @Test
    void aPathGivenThroughASymlinkFindsTheSameSocket() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("link-dir"), dir);
        try (UdsTraceProcess cli = started("--path", link.resolve("*.sock").toString(), "--no-export")) {
            curl("/via-link");
            await(() -> cli.stdout().contains("GET /via-link"), "the request seen through the symlinked glob");
            assertEquals(0, cli.terminate());
        }
    }

    @Test
    void stopsByItselfAfterCountMessages() throws Exception {
        try (UdsTraceProcess cli = started("--path", socket.toString(), "--no-export", "-c", "2")) {
            curl("/count");
            assertEquals(0, cli.waitFor());
            assertEquals(
                    2, cli.stdout().lines().filter(l -> l.contains(" B \"")).count(), cli.stdout());
            assertTrue(cli.stderr().contains("2 messages, "), cli.stderr());
        }
    }

    @Test
    void exportsOneResourcePerProcessAsOtlpJson() throws Exception {
        Map<String, String> env = Map.of("OTEL_TRACES_EXPORTER", "logging-otlp", "OTEL_BSP_SCHEDULE_DELAY", "100");
        try (UdsTraceProcess cli =
                UdsTraceProcess.start(dir, env, List.of(), TestCgroup.confined("--path", socket.toString(), "-q"))) {
            awaitStarted(cli);
            curl("/spans");
            await(() -> cli.stderr().contains("\"stringValue\":\"curl\""), "curl's span");
            assertEquals(0, cli.terminate());
            String otlp = cli.stderr();
            assertTrue(otlp.contains("{\"key\":\"service.name\",\"value\":{\"stringValue\":\"python3"), otlp);
            assertTrue(
                    otlp.contains("{\"key\":\"process.pid\",\"value\":{\"intValue\":\"" + server.pid() + "\"}}"), otlp);
            assertTrue(
                    otlp.contains("{\"key\":\"process.executable.name\",\"value\":{\"stringValue\":\"curl\"}}"), otlp);
            assertTrue(
                    otlp.contains("\"kind\":3") && otlp.contains("\"kind\":2"), "a client and a server span: " + otlp);
        }
    }

    /** uds-trace confined to this JVM's cgroup (see {@link TestCgroup}), with {@code args}. */
    private UdsTraceProcess started(String... args) throws Exception {
        UdsTraceProcess cli = UdsTraceProcess.start(dir, TestCgroup.confined(args));
        awaitStarted(cli);
        return cli;
    }

    private static void awaitStarted(UdsTraceProcess cli) throws InterruptedException {
        await(
                () -> cli.stderr().contains("uds-trace: capturing AF_UNIX traffic") || !cli.isAlive(),
                "uds-trace to start");
        assertTrue(cli.isAlive(), cli.stderr());
    }

    private void curl(String target) throws Exception {
        String body = Commands.run("curl", "-sS", "--unix-socket", socket.toString(), "http://localhost" + target);
        assertEquals("{\"ok\":true}", body);
    }

    private static String stats(UdsTraceProcess cli) {
        return cli.stderr();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertMatches(String text, String lineRegex) {
        Pattern p = Pattern.compile(lineRegex);
        assertTrue(
                text.lines().anyMatch(l -> p.matcher(l).matches()), "no line matches " + lineRegex + " in:\n" + text);
    }
}
