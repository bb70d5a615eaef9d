package dev.udsotel.sidecar.cli;

import static dev.udsotel.sidecar.cli.Commands.await;
import static dev.udsotel.sidecar.cli.Commands.awaitFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.sidecar.output.Tshark;
import dev.udsotel.testing.GrpcPeer;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.ReceivedSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Python grpcio server and client (C-core) on a Unix socket, seen by the real uds-trace: the kernel recognises
 * the HTTP/2 preface and copies header blocks whole, so each call is one span named after its method.
 */
@ExtendWith(CapturesInTestCgroup.class)
class GrpcCaptureTest {
    @TempDir Path dir;
    private Path socket;
    private Process server;

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
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            Map<String, String> env = Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                    "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                    "OTEL_BSP_SCHEDULE_DELAY", "100");
            try (UdsTraceProcess cli = UdsTraceProcess.start(dir, env, List.of(),
                    TestCgroup.confined("-q", "--path", socket.toString()))) {
                await(() -> cli.stderr().contains("capturing AF_UNIX traffic") || !cli.isAlive(), "start");
                assertEquals(GrpcPeer.CLIENT_OUTPUT,
                        Commands.run(GrpcPeer.client(dir, socket, "unary,stream,error").toArray(String[]::new)));

                List<ReceivedSpan> client = receiver.awaitSpans(ReceivedSpan.ofKind("CLIENT")
                        .and(s -> "grpc".equals(s.stringAttribute("rpc.system"))), 3, Duration.ofSeconds(60));
                List<ReceivedSpan> served = receiver.awaitSpans(ReceivedSpan.ofKind("SERVER")
                        .and(s -> "grpc".equals(s.stringAttribute("rpc.system"))), 3, Duration.ofSeconds(60));
                assertEquals(0, cli.terminate());

                for (List<ReceivedSpan> side : List.of(client, served)) {
                    assertEquals(List.of("demo.v1.Greeter/SayHello", "demo.v1.Greeter/Count", "demo.v1.Greeter/Fail"),
                            side.stream().sorted(java.util.Comparator.comparingLong(ReceivedSpan::startEpochNanos))
                                    .map(ReceivedSpan::name).toList(), ReceivedSpan.describeAll(side));
                }
                ReceivedSpan fail = client.stream().filter(s -> s.name().endsWith("/Fail")).findFirst().orElseThrow();
                assertEquals(5L, fail.longAttribute("rpc.grpc.status_code"), fail.describe());
                ReceivedSpan count = client.stream().filter(s -> s.name().endsWith("/Count")).findFirst().orElseThrow();
                assertEquals(3L, count.longAttribute("uds.grpc.response.messages"), count.describe());
                List<ReceivedSpan> all = receiver.spans();
                assertTrue(all.stream().noneMatch(s -> s.name().startsWith("UDS ")),
                        "no span for SETTINGS, PING or WINDOW_UPDATE: " + ReceivedSpan.describeAll(all));
                assertFalse(ReceivedSpan.describeAll(all).contains(GrpcPeer.SECRET), "metadata credentials redacted");
            }
        }
    }

    @Test
    void aPcapOfGrpcTrafficDecodesAsHttp2() throws Exception {
        Path pcap = dir.resolve("grpc.pcap");
        try (UdsTraceProcess cli = UdsTraceProcess.start(dir, TestCgroup.confined("--path", socket.toString(),
                "--no-export", "-q", "-s", "4096", "--pcap", pcap.toString()))) {
            await(() -> cli.stderr().contains("capturing AF_UNIX traffic"), "start");
            assertEquals(GrpcPeer.CLIENT_OUTPUT,
                    Commands.run(GrpcPeer.client(dir, socket, "unary,stream,error").toArray(String[]::new)));
            assertEquals(0, cli.terminate());
        }
        List<String> paths = Tshark.fields(pcap, "http2.type == 1", "http2.headers.path");
        assertTrue(paths.stream().anyMatch(p -> p.contains("/demo.v1.Greeter/SayHello")), "tshark: " + paths);
        assertTrue(paths.stream().anyMatch(p -> p.contains("/demo.v1.Greeter/Fail")), "tshark: " + paths);
    }
}
