package dev.udsotel.agent.it.workload;

import java.io.ByteArrayOutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A zero-code application: no OpenTelemetry class of its own. A Jetty 12 HTTP server on TCP whose handler asks a
 * Docker-like daemon on a Unix socket for {@code GET /version} and answers with its status line. Prints
 * {@code port <n>} once it listens, then serves until it is stopped. Each request opens a connection of its own, or
 * with {@code keep-alive} all use one connection, opened by the first and never closed.
 *
 * <p>Usage: {@code ZeroCodeApp <daemon socket> [keep-alive]}
 */
public final class ZeroCodeApp {
    private static final String REQUEST = "GET /v1.47/version HTTP/1.1\r\nHost: docker\r\n";
    private static SocketChannel kept;

    public static void main(String[] args) throws Exception {
        Path daemon = Path.of(args[0]);
        boolean keepAlive = args.length > 1 && args[1].equals("keep-alive");
        Server server = new Server();
        ServerConnector http = new ServerConnector(server);
        http.setHost("127.0.0.1");
        http.setPort(0);
        server.addConnector(http);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String answer = keepAlive ? askOnKeptConnection(daemon) : askDaemon(daemon);
                Content.Sink.write(response, true, answer.lines().findFirst().orElse("") + "\n", callback);
                return true;
            }
        });
        server.start();
        System.out.println("port " + http.getLocalPort());
        server.join();
    }

    private static String askDaemon(Path daemon) throws Exception {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(daemon))) {
            write(channel, REQUEST + "Connection: close\r\n\r\n");
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (channel.read(buffer) > 0) {
                answer.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return answer.toString(StandardCharsets.US_ASCII);
        }
    }

    /** One request at a time on the one connection; reads the response up to the end of its Content-Length body. */
    private static synchronized String askOnKeptConnection(Path daemon) throws Exception {
        if (kept == null) {
            kept = SocketChannel.open(UnixDomainSocketAddress.of(daemon));
        }
        write(kept, REQUEST + "\r\n");
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (!complete(answer.toString(StandardCharsets.US_ASCII)) && kept.read(buffer) > 0) {
            answer.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        return answer.toString(StandardCharsets.US_ASCII);
    }

    private static boolean complete(String response) {
        int headEnd = response.indexOf("\r\n\r\n");
        int length = response.indexOf("Content-Length: ");
        if (headEnd < 0 || length < 0) {
            return false;
        }
        int size = Integer.parseInt(response.substring(length + 16, response.indexOf("\r\n", length))
                .strip());
        return response.length() >= headEnd + 4 + size;
    }

    private static void write(SocketChannel channel, String text) throws Exception {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }
}
