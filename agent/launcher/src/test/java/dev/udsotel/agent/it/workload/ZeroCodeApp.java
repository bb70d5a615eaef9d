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
 * {@code port <n>} once it listens, then serves until it is stopped.
 *
 * <p>Usage: {@code ZeroCodeApp <daemon socket>}
 */
public final class ZeroCodeApp {
    public static void main(String[] args) throws Exception {
        Path daemon = Path.of(args[0]);
        Server server = new Server();
        ServerConnector http = new ServerConnector(server);
        http.setHost("127.0.0.1");
        http.setPort(0);
        server.addConnector(http);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String answer = askDaemon(daemon);
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
            channel.write(ByteBuffer.wrap("GET /v1.47/version HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (channel.read(buffer) > 0) {
                answer.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return answer.toString(StandardCharsets.US_ASCII);
        }
    }
}
