package dev.udsotel.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.protocol.http.Http1Decoder;
import dev.udsotel.core.redaction.Redaction;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.CommandResult;
import dev.udsotel.testing.Prerequisite;
import io.opentelemetry.api.common.AttributeKey;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decodes what the installed curl, redis-cli and redis-server really put on a Unix socket. */
class RealClientsTest {
    private static final String PASSWORD = "real-s3cret-Passw0rd";
    private static final String TOKEN = "tok-7f3a9c2e51b84d06";

    private final ProtocolDecoders decoders = ProtocolDecoders.standard();

    @Test
    void decodesAndRedactsWhatRedisCliReallySendsToRedisServer(@TempDir Path dir) throws Exception {
        Prerequisite.requireCommands("redis-server", "redis-cli");
        Path serverSocket = dir.resolve("redis.sock");
        Path proxySocket = dir.resolve("proxy.sock");
        ChildProcess server = ChildProcess.command(
                        "redis-server",
                        "--port",
                        "0",
                        "--unixsocket",
                        serverSocket.toString(),
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--requirepass",
                        PASSWORD)
                .start();
        try {
            awaitSocket(serverSocket, server);
            try (RecordingProxy proxy = new RecordingProxy(proxySocket, serverSocket)) {
                CommandResult cli = ChildProcess.command(
                                "redis-cli",
                                "-s",
                                proxySocket.toString(),
                                "-a",
                                PASSWORD,
                                "--no-auth-warning",
                                "LPUSH",
                                "queue",
                                "job-1")
                        .run(Duration.ofSeconds(30));
                assertEquals("1", cli.stdout().trim(), cli.stderr());
                proxy.awaitEnd();

                DecodedExchange decoded =
                        decoders.decode(Exchanges.of(proxy.clientBytes(), proxy.serverBytes()), Redaction.DEFAULT);

                assertEquals("AUTH", decoded.spanName());
                assertEquals("redis", decoded.attributes().get(ProtocolAttributes.PROTOCOL));
                assertEquals(2L, decoded.attributes().get(AttributeKey.longKey("uds.redis.pipelined")));
                assertEquals("status", decoded.attributes().get(AttributeKey.stringKey("uds.redis.reply")));
                assertEquals(true, decoded.attributes().get(ProtocolAttributes.REDACTED));
                assertTrue(Exchanges.text(decoded.requestPreview()).contains("$5\r\nLPUSH\r\n$5\r\nqueue\r\n"));
                Leaks.assertNoLeak(decoded, PASSWORD, "redis-cli -a");
            }
        } finally {
            server.close();
        }
    }

    @Test
    void decodesAndRedactsWhatCurlReallySends(@TempDir Path dir) throws Exception {
        Prerequisite.requireCommands("curl");
        Path socket = dir.resolve("api.sock");
        byte[] response = Exchanges.bytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n2\r\n[]\r\n0\r\n\r\n");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(socket));
            ChildProcess curl = ChildProcess.command(
                            "curl",
                            "-sS",
                            "--unix-socket",
                            socket.toString(),
                            "-H",
                            "Authorization: Bearer " + TOKEN,
                            "-b",
                            "session=" + TOKEN,
                            "http://localhost/v1.43/containers/json?all=1")
                    .start();
            byte[] request;
            try (SocketChannel client = listener.accept()) {
                request = readHead(client);
                client.write(ByteBuffer.wrap(response));
            }
            curl.waitFor(Duration.ofSeconds(30));
            assertEquals("[]", curl.stdout(), curl.stderr());

            DecodedExchange decoded = decoders.decode(Exchanges.of(request, response), Redaction.DEFAULT);

            assertEquals("GET /v1.43/containers/json", decoded.spanName());
            assertEquals("all=1", decoded.attributes().get(AttributeKey.stringKey("url.query")));
            assertEquals(200L, decoded.attributes().get(AttributeKey.longKey("http.response.status_code")));
            assertEquals(2L, decoded.attributes().get(AttributeKey.longKey("http.response.body.size")));
            assertTrue(decoded.attributes()
                    .get(AttributeKey.stringKey("user_agent.original"))
                    .startsWith("curl/"));
            assertEquals(
                    List.of("localhost"),
                    decoded.attributes().get(AttributeKey.stringArrayKey("http.request.header.host")));
            assertEquals(true, decoded.attributes().get(ProtocolAttributes.REDACTED));
            Leaks.assertNoLeak(decoded, TOKEN, "curl");
            assertTrue(new Http1Decoder().recognizes(Exchanges.of(request, response)));
        }
    }

    /** The request head: curl sends no body for GET, so the empty line ends it. */
    private static byte[] readHead(SocketChannel client) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(16384);
        while (client.read(buffer) >= 0) {
            String soFar = new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
            if (soFar.contains("\r\n\r\n")) {
                break;
            }
        }
        return java.util.Arrays.copyOf(buffer.array(), buffer.position());
    }

    /** Polls for the socket file; the bound only keeps a broken install from hanging the build. */
    private static void awaitSocket(Path socket, ChildProcess server) {
        Awaitility.await("redis-server to create " + socket)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    assertTrue(server.isAlive(), () -> "redis-server exited before listening:\n" + server.output());
                    return Files.exists(socket);
                });
    }
}
