package dev.udsotel.sidecar.cli;

import static dev.udsotel.sidecar.cli.Commands.await;
import static dev.udsotel.sidecar.cli.Commands.awaitFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.sidecar.output.Tshark;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.Prerequisite;
import dev.udsotel.testing.ReceivedMetrics;
import dev.udsotel.testing.ReceivedSpan;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * curl speaking HTTP/2 with prior knowledge over a Unix socket to nghttpd (through socat: nghttpd listens on TCP
 * only), seen by the real uds-trace: each request is one span named {@code {method} {path}} with its status at
 * both ends and counts in the HTTP duration metrics; the credential header and the credential query parameter reach
 * no output.
 */
@ExtendWith(CapturesInTestCgroup.class)
class CurlH2cCaptureTest {
    private static final String BEARER = "h2c-b3arer-s3cret-9f1c";
    private static final String QUERY_TOKEN = "qry-t0ken-s3cret-77ab";

    @TempDir
    Path dir;

    private Path socket;
    private ChildProcess nghttpd;
    private ChildProcess socat;

    @BeforeEach
    void startServer() throws Exception {
        Prerequisite.requireCommands("nghttpd", "socat", "curl");
        Files.writeString(dir.resolve("index.html"), "hello\n");
        int port = freePort();
        nghttpd = ChildProcess.command(
                        "nghttpd", "--no-tls", "-a", "127.0.0.1", "-d", dir.toString(), Integer.toString(port))
                .name("nghttpd")
                .start();
        await(() -> accepts(port), "nghttpd to listen on " + port);
        socket = dir.resolve("h2c.sock");
        socat = ChildProcess.command("socat", "UNIX-LISTEN:" + socket + ",fork", "TCP:127.0.0.1:" + port)
                .name("socat")
                .start();
        awaitFile(socket);
    }

    @AfterEach
    void stopServer() {
        if (socat != null) {
            socat.close();
        }
        if (nghttpd != null) {
            nghttpd.close();
        }
    }

    @Test
    void eachRequestIsOneSpanWithMethodPathAndStatusAndItsCredentialsReachNoOutput() throws Exception {
        Path json = dir.resolve("h2c.json");
        Path pcap = dir.resolve("h2c.pcap");
        LeakScanner scanner = new LeakScanner();
        try (OtlpReceiver receiver = OtlpReceiver.start();
                UdsTraceProcess cli = UdsTraceProcess.capturingInto(
                        receiver,
                        dir,
                        TestCgroup.confined(
                                "--path",
                                socket.toString(),
                                "-s",
                                "4096",
                                "-X",
                                "--json",
                                json.toString(),
                                "--pcap",
                                pcap.toString()))) {
            assertEquals("200", curl("http://localhost/index.html?access_token=" + QUERY_TOKEN));
            assertEquals("404", curl("http://localhost/missing"));

            receiver.awaitSpans(http2("CLIENT"), 2, Duration.ofSeconds(60));
            receiver.awaitSpans(http2("SERVER"), 2, Duration.ofSeconds(60));
            assertEquals(0, cli.terminate(), cli.stderr());
            List<ReceivedSpan> all = receiver.spans();
            List<ReceivedSpan> client = inOrder(all, "CLIENT");
            List<ReceivedSpan> served = inOrder(all, "SERVER");

            for (List<ReceivedSpan> side : List.of(client, served)) {
                assertEquals(
                        List.of("GET /index.html", "GET /missing"),
                        side.stream().map(ReceivedSpan::name).toList(),
                        ReceivedSpan.describeAll(side));
                for (ReceivedSpan span : side) {
                    assertEquals("GET", span.stringAttribute("http.request.method"), span.describe());
                    assertEquals(span.name().substring(4), span.stringAttribute("url.path"), span.describe());
                    assertEquals("2", span.stringAttribute("network.protocol.version"), span.describe());
                }
                assertEquals(
                        List.of(200L, 404L),
                        side.stream()
                                .map(s -> s.longAttribute("http.response.status_code"))
                                .toList());
                String query = side.get(0).stringAttribute("url.query");
                assertTrue(query.startsWith("access_token=") && !query.contains(QUERY_TOKEN), query);
                String preview = side.get(0).stringAttribute("uds.request.preview");
                assertTrue(preview.contains("authorization: [REDACTED]"), preview);
            }
            assertEquals(
                    Map.of("GET 200", 1L, "GET 404", 1L), requests(receiver.metrics(), "http.client.request.duration"));
            assertEquals(
                    Map.of("GET 200", 1L, "GET 404", 1L), requests(receiver.metrics(), "http.server.request.duration"));
            assertTrue(
                    all.stream().noneMatch(s -> s.name().startsWith("UDS ")),
                    "no span for SETTINGS, PING or WINDOW_UPDATE: " + ReceivedSpan.describeAll(all));
            scanner.addRun(cli, all, json, pcap);
        }
        List<String> headers = Tshark.fields(pcap, "http2.type == 1", "http2.header.name", "http2.header.value");
        String decoded = String.join("\n", headers);
        scanner.add("pcap as tshark decodes it", decoded.getBytes(StandardCharsets.UTF_8));
        for (String secret : List.of(BEARER, QUERY_TOKEN)) {
            assertEquals(List.of(), scanner.whereFound(secret), "where " + secret + " leaked");
        }
        assertTrue(
                decoded.contains("/missing") && decoded.contains("authorization") && decoded.contains("404"),
                "tshark decodes the HPACK blocks: " + decoded);
    }

    /**
     * A request header block of 12000 bytes is one HEADERS frame over the kernel's 8192-byte bound per frame: it is
     * captured in part and counted, its block is cut, and the span is named correctly or not at all.
     */
    @Test
    void aHeaderFrameOverTheKernelsBoundIsCountedAndNoSpanIsNamedWrongly() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start();
                UdsTraceProcess cli = UdsTraceProcess.capturingInto(
                        receiver, dir, TestCgroup.confined("-q", "--path", socket.toString()))) {
            assertEquals(
                    "200",
                    Commands.run(
                            "curl",
                            "-sS",
                            "--http2-prior-knowledge",
                            "--unix-socket",
                            socket.toString(),
                            "-H",
                            "x-big: " + "x".repeat(12_000),
                            "-o",
                            "/dev/null",
                            "-w",
                            "%{http_code}",
                            "http://localhost/index.html"));
            List<ReceivedSpan> client = receiver.awaitSpans(http2("CLIENT"), 1, Duration.ofSeconds(60));
            assertEquals(0, cli.terminate(), cli.stderr());
            String summary = cli.stdout() + cli.stderr();
            assertTrue(
                    summary.matches("(?s).*\\b[1-9]\\d* HTTP/2 header frames captured in part by the kernel.*"),
                    summary);
            for (ReceivedSpan span : client) {
                assertTrue(
                        List.of("GET /index.html", "UDS " + socket).contains(span.name()),
                        "a certain name or none: " + span.describe());
                assertTrue(span.hasAttribute("uds.http2.headers_lost", true), span.describe());
            }
        }
    }

    private String curl(String url) {
        return Commands.run(
                "curl",
                "-sS",
                "--http2-prior-knowledge",
                "--unix-socket",
                socket.toString(),
                "-H",
                "Authorization: Bearer " + BEARER,
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                url);
    }

    /** How many requests the duration histogram counted on this socket, by method and status. */
    private Map<String, Long> requests(ReceivedMetrics metrics, String histogram) {
        return metrics.points(histogram).stream()
                .filter(p -> socket.toString().equals(p.attributes().get("server.address")))
                .collect(Collectors.groupingBy(
                        p -> p.attributes().get("http.request.method") + " "
                                + p.attributes().get("http.response.status_code"),
                        TreeMap::new,
                        Collectors.summingLong(ReceivedMetrics.Point::value)));
    }

    private static java.util.function.Predicate<ReceivedSpan> http2(String kind) {
        return ReceivedSpan.ofKind(kind).and(s -> "http2".equals(s.stringAttribute("uds.protocol")));
    }

    private static List<ReceivedSpan> inOrder(List<ReceivedSpan> spans, String kind) {
        return spans.stream()
                .filter(http2(kind))
                .sorted(Comparator.comparingLong(ReceivedSpan::startEpochNanos))
                .toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
