package dev.udsotel.agent.it.workload;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A Jetty 12 client looping over keep-alive exchanges with a Jetty 12 server on a Unix socket, in one JVM. The client
 * writes on the calling thread and reads on a selector thread. Exchange {@code i} asks {@code /long/i} (a response
 * longer than the agent's default 256-byte preview) when {@code i} is even and {@code /short/i} when odd; every tenth
 * asks {@code /missing/i}, answered 404. Prints {@code done <n>} once every response came back as expected.
 *
 * <p>Usage: {@code JettyKeepAliveWorkload <socket> <exchanges>}
 */
public final class JettyKeepAliveWorkload {
    public static final String LONG_BODY = "[" + "\"x\",".repeat(148) + "\"end\"]";
    public static final String SHORT_BODY = "{\"ok\":true}";

    public static String pathOf(int i) {
        return (i % 10 == 9 ? "/missing/" : i % 2 == 0 ? "/long/" : "/short/") + i;
    }

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        int exchanges = Integer.parseInt(args[1]);
        Files.deleteIfExists(socket);
        Server server = new Server();
        UnixDomainServerConnector connector = new UnixDomainServerConnector(server, new HttpConnectionFactory());
        connector.setUnixDomainPath(socket);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = Request.getPathInContext(request);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                if (path.startsWith("/long/")) {
                    Content.Sink.write(response, true, LONG_BODY, callback);
                } else if (path.startsWith("/short/")) {
                    Content.Sink.write(response, true, SHORT_BODY, callback);
                } else {
                    response.setStatus(404);
                    Content.Sink.write(response, true, "{}", callback);
                }
                return true;
            }
        });
        server.start();
        HttpClient client = new HttpClient();
        client.start();
        Transport unix = new Transport.TCPUnix(socket);
        try {
            for (int i = 0; i < exchanges; i++) {
                String path = pathOf(i);
                ContentResponse response = client.newRequest("http://localhost" + path)
                        .transport(unix)
                        .send();
                int expected = path.startsWith("/missing/") ? 404 : 200;
                if (response.getStatus() != expected) {
                    throw new IllegalStateException(path + " answered " + response.getStatus());
                }
            }
            System.out.println("done " + exchanges);
        } finally {
            client.stop();
            server.stop();
            Files.deleteIfExists(socket);
        }
    }
}
