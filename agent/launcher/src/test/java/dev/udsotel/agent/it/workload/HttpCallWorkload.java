package dev.udsotel.agent.it.workload;

import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One HTTP/1.1 request with credentials (Authorization and Cookie headers) to a minimal HTTP server on a Unix
 * socket, in the same JVM; the server answers with a Set-Cookie header.
 *
 * <p>Usage: {@code HttpCallWorkload <socket-path>}.
 */
public final class HttpCallWorkload {
    public static final String TOKEN = "s3cr3t-token";
    public static final String COOKIE = "c00kie-s3ssion";
    public static final String SET_COOKIE = "n3w-s3ssion";
    public static final String REQUEST = "GET /v1.47/containers/json?all=1 HTTP/1.1\r\n"
            + "Host: localhost\r\n"
            + "Authorization: Bearer " + TOKEN + "\r\n"
            + "Cookie: session=" + COOKIE + "\r\n"
            + "\r\n";
    public static final String RESPONSE = "HTTP/1.1 200 OK\r\n"
            + "Content-Type: application/json\r\n"
            + "Set-Cookie: session=" + SET_COOKIE + "\r\n"
            + "Content-Length: 2\r\n"
            + "\r\n"
            + "[]";

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        try (ServerSocketChannel listener = UnixSockets.listen(path)) {
            Thread server = new Thread(() -> serveOne(listener), "http-server");
            server.start();
            try (SocketChannel client = UnixSockets.connect(path)) {
                UnixSockets.writeAll(client, REQUEST.getBytes(StandardCharsets.US_ASCII));
                byte[] reply = UnixSockets.readExactly(client, RESPONSE.length());
                System.out.println("status line: " + new String(reply, StandardCharsets.US_ASCII).lines().findFirst().orElse(""));
            }
            server.join();
        }
        System.out.println("done");
    }

    private static void serveOne(ServerSocketChannel listener) {
        try (SocketChannel peer = listener.accept()) {
            ByteBuffer request = ByteBuffer.allocate(REQUEST.length());
            while (request.hasRemaining() && peer.read(request) >= 0) {
                // the whole request head, whose length this server knows
            }
            UnixSockets.writeAll(peer, RESPONSE.getBytes(StandardCharsets.US_ASCII));
            UnixSockets.awaitEndOfStream(peer);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
