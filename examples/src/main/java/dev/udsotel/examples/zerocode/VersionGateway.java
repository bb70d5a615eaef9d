package dev.udsotel.examples.zerocode;

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
 * A zero-code service for the OpenTelemetry Java agent: an HTTP server on TCP (Jetty 12) with no OpenTelemetry class
 * of its own, whose every request asks a daemon on a Unix socket (the {@code HttpUdsServer} example, or dockerd) for
 * {@code GET /version} and answers with the daemon's status line. Under both agents, the UDS spans nest in the
 * OpenTelemetry agent's server spans.
 *
 * <p>Usage: {@code VersionGateway <daemon socket> [tcp port]} (default port 8080)
 */
public final class VersionGateway {

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: VersionGateway <daemon socket> [tcp port]");
            System.exit(2);
        }
        Path daemon = Path.of(args[0]);
        Server server = new Server();
        ServerConnector http = new ServerConnector(server);
        http.setHost("127.0.0.1");
        http.setPort(args.length > 1 ? Integer.parseInt(args[1]) : 8080);
        server.addConnector(http);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String statusLine = askDaemon(daemon).lines().findFirst().orElse("(no answer)");
                Content.Sink.write(response, true, "daemon says: " + statusLine + "\n", callback);
                return true;
            }
        });
        server.start();
        System.out.println("gateway listening on http://127.0.0.1:" + http.getLocalPort() + "/");
        server.join();
    }

    /** One request per connection, with a plain blocking channel, as many daemon clients do. */
    private static String askDaemon(Path daemon) throws Exception {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(daemon))) {
            channel.write(ByteBuffer.wrap("GET /version HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
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
