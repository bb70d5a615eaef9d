package dev.udsotel.agent.it.workload;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty 12 serving HTTP/2 cleartext (prior knowledge, no upgrade) on a Unix socket, and curl as its client: one curl
 * per request, {@code GET /items/<i>} answered 200 with a body, then {@code GET /missing} answered 404, each with an
 * {@code Authorization} header. Args: socket path, number of item requests, the bearer token. Prints each status and
 * the CRC-32 of every body, to compare runs with and without the agent.
 */
public final class JettyH2cWorkload {
    private JettyH2cWorkload() {}

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        int requests = Integer.parseInt(args[1]);
        String token = args[2];
        Server server = new Server();
        UnixDomainServerConnector connector =
                new UnixDomainServerConnector(server, new HTTP2CServerConnectionFactory(new HttpConfiguration()));
        connector.setUnixDomainPath(socket);
        server.addConnector(connector);
        server.setHandler(new Items());
        server.start();
        CRC32 crc = new CRC32();
        try {
            for (int i = 0; i < requests; i++) {
                crc.update(curl(socket, token, "/items/" + i).getBytes(StandardCharsets.UTF_8));
            }
            crc.update(curl(socket, token, "/missing").getBytes(StandardCharsets.UTF_8));
        } finally {
            server.stop();
        }
        System.out.println("pid " + ProcessHandle.current().pid());
        System.out.println("checksum " + Long.toHexString(crc.getValue()));
    }

    /** The body curl printed, after its status line, which is also printed here. */
    private static String curl(Path socket, String token, String path) throws Exception {
        Process curl = new ProcessBuilder(
                        "curl",
                        "-sS",
                        "--http2-prior-knowledge",
                        "--unix-socket",
                        socket.toString(),
                        "-H",
                        "Authorization: Bearer " + token,
                        "-w",
                        "\n%{http_code} %{http_version}",
                        "http://localhost" + path)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!curl.waitFor(60, TimeUnit.SECONDS) || curl.exitValue() != 0) {
            throw new IllegalStateException("curl failed for " + path + ": " + output);
        }
        System.out.println(path + " " + output.substring(output.lastIndexOf('\n') + 1));
        return output;
    }

    /** {@code /items/<i>} answers {@code item <i>}; anything else 404. */
    private static final class Items extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = request.getHttpURI().getPath();
            boolean item = path.startsWith("/items/");
            response.setStatus(item ? 200 : 404);
            response.getHeaders().put("content-type", "text/plain");
            Content.Sink.write(
                    response,
                    true,
                    item ? "item " + path.substring("/items/".length()) + "\n" : "no such item\n",
                    callback);
            return true;
        }
    }
}
