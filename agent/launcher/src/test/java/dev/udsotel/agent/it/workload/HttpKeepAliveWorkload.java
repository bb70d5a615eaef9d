package dev.udsotel.agent.it.workload;

import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code count} HTTP/1.1 requests, one after the other, over one keep-alive connection to a minimal HTTP server on a
 * Unix socket in the same JVM: {@code count} exchanges at each end. Prints {@code exchanges <count> ok}, then goes on
 * running for {@code linger} milliseconds, as an application would, before it exits: the agent gives its export
 * thread only a second at exit, which a machine loaded with builds can spend before the thread has caught up.
 *
 * <p>Usage: {@code HttpKeepAliveWorkload <socket-path> <count> [linger ms, default 3000]}.
 */
public final class HttpKeepAliveWorkload {
    public static final String REQUEST = "GET /status HTTP/1.1\r\nHost: localhost\r\n\r\n";
    public static final String RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        byte[] request = REQUEST.getBytes(StandardCharsets.US_ASCII);
        byte[] response = RESPONSE.getBytes(StandardCharsets.US_ASCII);
        try (ServerSocketChannel listener = UnixSockets.listen(path)) {
            Thread server = new Thread(() -> serve(listener, count, request.length, response), "http-server");
            server.start();
            try (SocketChannel client = UnixSockets.connect(path)) {
                for (int i = 0; i < count; i++) {
                    UnixSockets.writeAll(client, request);
                    UnixSockets.readExactly(client, response.length);
                }
            }
            server.join();
        }
        System.out.println("exchanges " + count + " ok");
        Thread.sleep(args.length > 2 ? Long.parseLong(args[2]) : 3000);
    }

    private static void serve(ServerSocketChannel listener, int count, int requestLength, byte[] response) {
        try (SocketChannel peer = listener.accept()) {
            for (int i = 0; i < count; i++) {
                UnixSockets.readExactly(peer, requestLength);
                UnixSockets.writeAll(peer, response);
            }
            UnixSockets.awaitEndOfStream(peer);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
