package dev.udsotel.agent.it.workload;

import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * HTTP/1.1 requests with credentials in every place HTTP carries them (Authorization and Cookie headers, an API key
 * header, a query token, Basic auth, a form body, a JSON body), each on its own connection to a minimal HTTP server on
 * a Unix socket, in the same JVM; the server answers each with a Set-Cookie header.
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
    public static final String API_KEY = "ap1-k3y-value";
    public static final String QUERY_TOKEN = "qu3ry-t0ken";
    public static final String BASIC_PASSWORD = "b4sic-passw0rd";
    public static final String FORM_PASSWORD = "f0rm-passw0rd";
    public static final String JSON_SECRET = "js0n-cl1ent-s3cret";
    /** In the path, where the span name and url.template are made from. */
    public static final String PATH_SESSION = "p4th-s3ssion";
    /** Every planted secret; the Basic one also travels base64-encoded. */
    public static final java.util.List<String> SECRETS = java.util.List.of(
            TOKEN,
            COOKIE,
            SET_COOKIE,
            API_KEY,
            QUERY_TOKEN,
            BASIC_PASSWORD,
            FORM_PASSWORD,
            JSON_SECRET,
            PATH_SESSION,
            java.util.Base64.getEncoder()
                    .encodeToString(("bob:" + BASIC_PASSWORD).getBytes(StandardCharsets.US_ASCII)));
    /** The first request is {@link #REQUEST}; these follow, one per connection. */
    public static final java.util.List<String> MORE_REQUESTS = java.util.List.of(
            "GET /v1/items HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: " + API_KEY + "\r\n\r\n",
            "GET /v1/items?page=2&access_token=" + QUERY_TOKEN + " HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /v1/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic "
                    + java.util.Base64.getEncoder()
                            .encodeToString(("bob:" + BASIC_PASSWORD).getBytes(StandardCharsets.US_ASCII))
                    + "\r\n\r\n",
            body("application/x-www-form-urlencoded", "user=bob&password=" + FORM_PASSWORD),
            body("application/json", "{\"user\":\"bob\",\"client_secret\":\"" + JSON_SECRET + "\"}"),
            "GET /v1/cart;jsessionid=" + PATH_SESSION + "/items/42 HTTP/1.1\r\nHost: localhost\r\n\r\n");

    public static final String RESPONSE = "HTTP/1.1 200 OK\r\n"
            + "Content-Type: application/json\r\n"
            + "Set-Cookie: session=" + SET_COOKIE + "\r\n"
            + "Content-Length: 2\r\n"
            + "\r\n"
            + "[]";

    private static String body(String type, String body) {
        return "POST /v1/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type + "\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body;
    }

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        java.util.List<String> requests = new java.util.ArrayList<>(java.util.List.of(REQUEST));
        requests.addAll(MORE_REQUESTS);
        try (ServerSocketChannel listener = UnixSockets.listen(path)) {
            for (String request : requests) {
                Thread server = new Thread(() -> serveOne(listener, request.length()), "http-server");
                server.start();
                try (SocketChannel client = UnixSockets.connect(path)) {
                    UnixSockets.writeAll(client, request.getBytes(StandardCharsets.US_ASCII));
                    byte[] reply = UnixSockets.readExactly(client, RESPONSE.length());
                    System.out.println("status line: "
                            + new String(reply, StandardCharsets.US_ASCII)
                                    .lines()
                                    .findFirst()
                                    .orElse(""));
                }
                server.join();
            }
        }
        System.out.println("done");
    }

    private static void serveOne(ServerSocketChannel listener, int requestLength) {
        try (SocketChannel peer = listener.accept()) {
            ByteBuffer request = ByteBuffer.allocate(requestLength);
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
