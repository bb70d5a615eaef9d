package dev.udsotel.sidecar.cli;

import static dev.udsotel.sidecar.cli.Commands.await;
import static dev.udsotel.sidecar.cli.Commands.awaitFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.sidecar.output.Tshark;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.GrpcPeer;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.ReceivedMetrics;
import dev.udsotel.testing.ReceivedSpan;
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
 * A Python grpcio server and client (C-core) on a Unix socket, seen by the real uds-trace: the kernel recognises
 * the HTTP/2 preface and copies header blocks whole, so each call is one span named after its method, and counts in
 * the RPC call-duration metrics. Started on a connection already open, it names only what is still certain.
 */
@ExtendWith(CapturesInTestCgroup.class)
class GrpcCaptureTest {
    @TempDir
    Path dir;

    private Path socket;
    private ChildProcess server;

    @BeforeEach
    void startServer() throws Exception {
        socket = dir.resolve("grpc.sock");
        server = Commands.background(GrpcPeer.server(dir, socket).toArray(String[]::new));
        awaitFile(socket);
    }

    @AfterEach
    void stopServer() throws Exception {
        Commands.stop(server);
    }

    @Test
    void eachGrpcCallIsOneSpanWithItsMethodAndStatusAtBothEnds() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start();
                UdsTraceProcess cli = UdsTraceProcess.capturingInto(
                        receiver, dir, TestCgroup.confined("-q", "--path", socket.toString()))) {
            assertEquals(GrpcPeer.CLIENT_OUTPUT, callAll());

            List<ReceivedSpan> client = grpcSpans(receiver, "CLIENT");
            List<ReceivedSpan> served = grpcSpans(receiver, "SERVER");
            assertEquals(0, cli.terminate());

            for (List<ReceivedSpan> side : List.of(client, served)) {
                assertEquals(
                        List.of("demo.v1.Greeter/SayHello", "demo.v1.Greeter/Count", "demo.v1.Greeter/Fail"),
                        side.stream().map(ReceivedSpan::name).toList(),
                        ReceivedSpan.describeAll(side));
                for (ReceivedSpan span : side) {
                    assertEquals("demo.v1.Greeter", span.stringAttribute("rpc.service"), span.describe());
                    assertEquals(
                            span.name().substring(span.name().indexOf('/') + 1),
                            span.stringAttribute("rpc.method"),
                            span.describe());
                    assertEquals("unix", span.stringAttribute("network.transport"), span.describe());
                    String address = side == client ? "server.address" : "network.local.address";
                    assertEquals(socket.toString(), span.stringAttribute(address), span.describe());
                }
                assertEquals(
                        0L,
                        side.get(0).longAttribute("rpc.grpc.status_code"),
                        side.get(0).describe());
                assertEquals(
                        0L,
                        side.get(1).longAttribute("rpc.grpc.status_code"),
                        side.get(1).describe());
                assertEquals(
                        5L,
                        side.get(2).longAttribute("rpc.grpc.status_code"),
                        side.get(2).describe());
            }
            assertEquals("ERROR", client.get(2).statusCode(), "NOT_FOUND fails the client's call");
            assertEquals(
                    3L,
                    client.get(1).longAttribute("uds.grpc.response.messages"),
                    client.get(1).describe());
            List<ReceivedSpan> all = receiver.spans();
            assertTrue(
                    all.stream().noneMatch(s -> s.name().startsWith("UDS ")),
                    "no span for SETTINGS, PING or WINDOW_UPDATE: " + ReceivedSpan.describeAll(all));

            ReceivedMetrics metrics = receiver.metrics();
            Map<String, Long> expected = Map.of(
                    "demo.v1.Greeter/SayHello OK",
                    1L,
                    "demo.v1.Greeter/Count OK",
                    1L,
                    "demo.v1.Greeter/Fail NOT_FOUND",
                    1L);
            assertEquals(expected, grpcCalls(metrics, "rpc.client.call.duration"), metrics.toString());
            assertEquals(expected, grpcCalls(metrics, "rpc.server.call.duration"), metrics.toString());
        }
    }

    /**
     * C-core writes a big response's DATA frames and its trailers in one call, and reads many frames at once: the
     * kernel follows the framing past its per-call copy, so the trailers' status reaches the span at both ends.
     */
    @Test
    void trailersAfterDataBeyondThePerCallCopyStillGiveTheStatus() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start();
                UdsTraceProcess cli = UdsTraceProcess.capturingInto(
                        receiver, dir, TestCgroup.confined("-q", "--path", socket.toString()))) {
            assertEquals(
                    "20000\n20000\n",
                    Commands.run(GrpcPeer.client(dir, socket, "big,big").toArray(String[]::new)));
            List<ReceivedSpan> spans =
                    receiver.awaitSpans(s -> "grpc".equals(s.stringAttribute("rpc.system")), 4, Duration.ofSeconds(60));
            assertEquals(0, cli.terminate(), cli.stderr());
            for (ReceivedSpan span : spans) {
                assertEquals("demo.v1.Greeter/Big", span.name(), span.describe());
                assertEquals(0L, span.longAttribute("rpc.grpc.status_code"), "from the trailers: " + span.describe());
                assertEquals(1L, span.longAttribute("uds.grpc.response.messages"), span.describe());
                assertEquals(20000L, span.longAttribute("uds.grpc.response.message_bytes"), span.describe());
                assertFalse(span.hasAttribute("uds.http2.headers_lost", true), span.describe());
            }
        }
    }

    @Test
    void aTracerStartedOnAnOpenConnectionNamesCallsOnlyByWhatIsCertain() throws Exception {
        try (ChildProcess client = ChildProcess.command(
                        GrpcPeer.client(dir, socket, "unary,stream,wait,unary,stream,error"))
                .name("grpc-client")
                .startInteractive()) {
            client.awaitOutput("waiting", Duration.ofSeconds(60));
            try (OtlpReceiver receiver = OtlpReceiver.start();
                    UdsTraceProcess cli = UdsTraceProcess.capturingInto(
                            receiver, dir, TestCgroup.confined("-q", "--path", socket.toString()))) {
                client.stdin().write('\n');
                client.stdin().flush();
                assertEquals(0, client.waitFor(Duration.ofSeconds(60)), client.output());
                await(
                        () -> receiver.spans().stream().anyMatch(s -> s.name().equals("demo.v1.Greeter/Fail")),
                        "the last call's span");
                assertEquals(0, cli.terminate(), cli.stderr());
                List<ReceivedSpan> calls = receiver.spans().stream()
                        .filter(ReceivedSpan.ofKind("CLIENT")
                                .and(s -> "http2".equals(s.stringAttribute("uds.protocol"))))
                        .sorted(Comparator.comparingLong(ReceivedSpan::startEpochNanos))
                        .toList();
                String generic = "UDS " + socket;
                assertEquals(
                        List.of(generic, generic, "demo.v1.Greeter/Fail"),
                        calls.stream().map(ReceivedSpan::name).toList(),
                        "the repeated calls' paths are in the part of the HPACK table sent before the tracer started; "
                                + "the new call's path is a literal: " + ReceivedSpan.describeAll(calls));
                assertEquals(
                        List.of(5L, 7L, 9L),
                        calls.stream()
                                .map(s -> s.longAttribute("uds.http2.stream_id"))
                                .toList(),
                        "streams 1 and 3 went before the tracer started");
                for (ReceivedSpan call : calls) {
                    assertTrue(call.hasAttribute("uds.http2.headers_lost", true), call.describe());
                }
                for (ReceivedSpan unnamed : calls.subList(0, 2)) {
                    assertTrue(unnamed.hasAttribute("uds.http2.decodable", false), unnamed.describe());
                    assertEquals(
                            null, unnamed.stringAttribute("rpc.method"), "no guessed method: " + unnamed.describe());
                }
                assertEquals(
                        5L,
                        calls.get(2).longAttribute("rpc.grpc.status_code"),
                        calls.get(2).describe());
            }
        }
    }

    /** How many calls the duration histogram counted on this socket, by {@code rpc.method} and status name. */
    private Map<String, Long> grpcCalls(ReceivedMetrics metrics, String histogram) {
        return metrics.points(histogram).stream()
                .filter(p -> socket.toString().equals(p.attributes().get("server.address"))
                        && "grpc".equals(p.attributes().get("rpc.system.name")))
                .collect(Collectors.groupingBy(
                        p -> p.attributes().get("rpc.method") + " "
                                + p.attributes().get("rpc.response.status_code"),
                        TreeMap::new,
                        Collectors.summingLong(ReceivedMetrics.Point::value)));
    }

    @Test
    void grpcMetadataSecretsReachNoOutputAndThePcapStillDecodesAsHttp2() throws Exception {
        Path json = dir.resolve("grpc.json");
        Path pcap = dir.resolve("grpc.pcap");
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
            assertEquals(GrpcPeer.CLIENT_OUTPUT, callAll());
            grpcSpans(receiver, "CLIENT");
            grpcSpans(receiver, "SERVER");
            assertEquals(0, cli.terminate(), cli.stderr());
            scanner.addRun(cli, receiver.spans(), json, pcap);
        }
        List<String> headers = Tshark.fields(pcap, "http2.type == 1", "http2.header.name", "http2.header.value");
        scanner.add("pcap as tshark decodes it", String.join("\n", headers).getBytes(StandardCharsets.UTF_8));
        for (String secret : List.of(GrpcPeer.SECRET, GrpcPeer.API_KEY)) {
            assertEquals(List.of(), scanner.whereFound(secret), "where " + secret + " leaked");
        }
        String decoded = String.join("\n", headers);
        assertTrue(
                decoded.contains("/demo.v1.Greeter/SayHello") && decoded.contains("/demo.v1.Greeter/Fail"),
                "tshark decodes the HPACK blocks: " + decoded);
        assertTrue(
                decoded.contains("authorization") && decoded.contains("*******************"),
                "the credential's value is overwritten in place: " + decoded);
        assertFalse(Tshark.fields(pcap, "http2.type == 0", "http2.length").isEmpty(), "DATA frames still framed");
        String raw = new String(Files.readAllBytes(pcap), StandardCharsets.ISO_8859_1);
        for (String message : List.of("hello world", "item-1")) {
            assertFalse(raw.contains(message), "gRPC messages are binary: zeros unless --raw-path opts in: " + message);
        }
    }

    private String callAll() throws Exception {
        return Commands.run(GrpcPeer.client(dir, socket, "unary,stream,error").toArray(String[]::new));
    }

    /** The three gRPC spans of one side, in the order of the calls. */
    private static List<ReceivedSpan> grpcSpans(OtlpReceiver receiver, String kind) throws Exception {
        return receiver
                .awaitSpans(
                        ReceivedSpan.ofKind(kind).and(s -> "grpc".equals(s.stringAttribute("rpc.system"))),
                        3,
                        Duration.ofSeconds(60))
                .stream()
                .sorted(Comparator.comparingLong(ReceivedSpan::startEpochNanos))
                .toList();
    }
}
