package dev.udsotel.examples.http;

import java.nio.file.Path;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Transport;

/**
 * Calls the {@link HttpUdsServer} with Jetty 12's HttpClient over a Unix domain socket: GET /containers/json,
 * GET /version, POST /echo (with a body and an Authorization header, which a tracer must redact) and GET /chunked,
 * on keep-alive connections, printing one status line per request.
 *
 * <p>Usage: {@code HttpUdsClient <socket-path> [rounds]} (default 1 round of 4 requests)
 */
public final class HttpUdsClient {

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: HttpUdsClient <socket-path> [rounds]");
            System.exit(2);
        }
        Transport unixSocket = new Transport.TCPUnix(Path.of(args[0]));
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        HttpClient client = new HttpClient();
        client.start();
        try {
            for (int round = 0; round < rounds; round++) {
                print(
                        "GET",
                        "/containers/json",
                        client.newRequest("http://localhost/containers/json")
                                .transport(unixSocket)
                                .send());
                print(
                        "GET",
                        "/version",
                        client.newRequest("http://localhost/version")
                                .transport(unixSocket)
                                .send());
                Request echo = client.newRequest("http://localhost/echo")
                        .transport(unixSocket)
                        .method("POST")
                        .headers(headers -> headers.put(HttpHeader.AUTHORIZATION, "Bearer s3cr3t-token"))
                        .body(new StringRequestContent("application/json", "{\"hello\":\"uds\"}"));
                print("POST", "/echo", echo.send());
                print(
                        "GET",
                        "/chunked",
                        client.newRequest("http://localhost/chunked")
                                .transport(unixSocket)
                                .send());
            }
        } finally {
            client.stop();
        }
    }

    private static void print(String method, String path, ContentResponse response) {
        System.out.printf(
                "%s %s -> %d %s (%d bytes)%n",
                method, path, response.getStatus(), response.getReason(), response.getContent().length);
    }
}
