package dev.udsotel.core.protocol.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.testing.GrpcPeer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real HTTP/2 peers on Unix sockets (Debian's python3-grpcio; curl against nghttpd behind socat), their traffic
 * relayed into the real tracker and span builder: one span per call, named, with its status.
 */
class Http2RealPeersTest {
    @Test
    void grpcioUnaryStreamingAndFailingCallsBecomeOneNamedSpanEach(@TempDir Path dir) throws Exception {
        Path serverSocket = dir.resolve("grpc.sock");
        Process server = new ProcessBuilder(GrpcPeer.server(dir, serverSocket))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile())
                .start();
        try (SpanRelay relay = new SpanRelay(dir.resolve("relay.sock"), serverSocket, 16 * 1024)) {
            awaitSocket(serverSocket, server);
            String output = run(GrpcPeer.client(dir, dir.resolve("relay.sock"), "unary,stream,error")
                    .toArray(String[]::new));
            assertEquals(GrpcPeer.CLIENT_OUTPUT, output);

            List<SpanData> spans = relay.awaitSpans();

            assertEquals(
                    List.of("demo.v1.Greeter/SayHello", "demo.v1.Greeter/Count", "demo.v1.Greeter/Fail"),
                    spans.stream().map(SpanData::getName).toList(),
                    "one span per call, none for control frames");
            assertEquals(0L, status(spans.get(0)));
            assertEquals(3L, spans.get(1).getAttributes().get(Http2CallDecoder.RESPONSE_MESSAGES));
            assertEquals(5L, status(spans.get(2)));
            assertEquals(StatusCode.ERROR, spans.get(2).getStatus().getStatusCode());
            String preview = spans.get(0).getAttributes().get(AttributeKey.stringKey("uds.request.preview"));
            assertTrue(preview.contains("authorization: [REDACTED]"), preview);
            assertFalse(preview.contains(GrpcPeer.SECRET), preview);
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void curlWithPriorKnowledgeAgainstAnH2cServerIsNamedByMethodAndPath(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("index.html"), "hello\n");
        int port = 20000 + (int) (ProcessHandle.current().pid() % 20000);
        Process nghttpd = new ProcessBuilder("nghttpd", "--no-tls", "-d", dir.toString(), Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nghttpd.log").toFile())
                .start();
        Path h2c = dir.resolve("h2c.sock");
        Process socat = new ProcessBuilder("socat", "UNIX-LISTEN:" + h2c + ",fork", "TCP:127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("socat.log").toFile())
                .start();
        try (SpanRelay relay = new SpanRelay(dir.resolve("relay.sock"), h2c, 256)) {
            awaitSocket(h2c, socat);
            String output = "";
            for (int attempt = 0; attempt < 50 && !output.startsWith("200"); attempt++) {
                Thread.sleep(100); // nghttpd may still be starting; only a completed request counts below
                output = run(
                        "curl",
                        "-sS",
                        "--http2-prior-knowledge",
                        "--unix-socket",
                        h2c.toString(),
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code}",
                        "http://localhost/index.html");
            }
            assertEquals("200", output);
            assertEquals(
                    "404",
                    run(
                            "curl",
                            "-sS",
                            "--http2-prior-knowledge",
                            "--unix-socket",
                            dir.resolve("relay.sock").toString(),
                            "-H",
                            "Authorization: Bearer tok-curl-h2",
                            "-o",
                            "/dev/null",
                            "-w",
                            "%{http_code}",
                            "http://localhost/missing?x=1"));

            List<SpanData> spans = relay.awaitSpans();

            assertEquals(
                    List.of("GET /missing"),
                    spans.stream().map(SpanData::getName).toList());
            SpanData span = spans.get(0);
            assertEquals(404L, span.getAttributes().get(Http2CallDecoder.STATUS));
            assertEquals("x=1", span.getAttributes().get(Http2CallDecoder.QUERY));
            assertEquals("2", span.getAttributes().get(Http2CallDecoder.PROTOCOL_VERSION));
            assertFalse(span.getAttributes()
                    .get(AttributeKey.stringKey("uds.request.preview"))
                    .contains("tok-curl-h2"));
        } finally {
            socat.destroy();
            nghttpd.destroy();
            socat.waitFor(30, TimeUnit.SECONDS);
            nghttpd.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Long status(SpanData span) {
        return span.getAttributes().get(AttributeKey.longKey("rpc.grpc.status_code"));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
        return output;
    }

    private static void awaitSocket(Path socket, Process owner) throws InterruptedException {
        for (int i = 0; i < 300 && !Files.exists(socket); i++) {
            assertTrue(owner.isAlive(), "the server exited before listening");
            Thread.sleep(50);
        }
        assertTrue(Files.exists(socket), "socket " + socket);
    }
}
