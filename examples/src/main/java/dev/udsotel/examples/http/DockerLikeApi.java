package dev.udsotel.examples.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * The endpoints of the example server:
 * <ul>
 *   <li>{@code GET /containers/json}: a JSON list of two made-up containers;</li>
 *   <li>{@code GET /version}: a JSON object describing the server;</li>
 *   <li>{@code POST /echo}: the request body back, with its content type;</li>
 *   <li>{@code GET /chunked}: a text body sent in several chunks (Transfer-Encoding: chunked);</li>
 *   <li>{@code GET /status/{code}}: an empty-ish JSON reply with that status, e.g. 404 or 500.</li>
 * </ul>
 */
final class DockerLikeApi extends Handler.Abstract {

    static final int CHUNKS = 5;

    private static final String CONTAINERS = "[{\"Id\":\"4f1c2e0a9b7d\",\"Names\":[\"/web\"],\"Image\":\"nginx:1.27\","
            + "\"State\":\"running\",\"Status\":\"Up 2 hours\"},{\"Id\":\"9a3b5c7d1e2f\",\"Names\":[\"/cache\"],"
            + "\"Image\":\"redis:7\",\"State\":\"exited\",\"Status\":\"Exited (0) 5 minutes ago\"}]";

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        String path = Request.getPathInContext(request);
        if (method.equals("GET") && path.equals("/containers/json")) {
            json(response, HttpStatus.OK_200, CONTAINERS, callback);
        } else if (method.equals("GET") && path.equals("/version")) {
            json(
                    response,
                    HttpStatus.OK_200,
                    "{\"Component\":\"uds-otel example\",\"ApiVersion\":\"1.47\",\"Os\":\""
                            + System.getProperty("os.name").toLowerCase() + "\",\"JavaVersion\":\""
                            + System.getProperty("java.version")
                            + "\"}",
                    callback);
        } else if (method.equals("POST") && path.equals("/echo")) {
            echo(request, response, callback);
        } else if (method.equals("GET") && path.equals("/chunked")) {
            chunked(response, callback);
        } else if (method.equals("GET") && path.matches("/status/[1-5][0-9][0-9]")) {
            int status = Integer.parseInt(path.substring("/status/".length()));
            json(response, status, "{\"status\":" + status + "}", callback);
        } else {
            json(
                    response,
                    HttpStatus.NOT_FOUND_404,
                    "{\"message\":\"no such endpoint: " + method + " " + path + "\"}",
                    callback);
        }
        return true;
    }

    private static void json(Response response, int status, String body, Callback callback) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, body, callback);
    }

    private static void echo(Request request, Response response, Callback callback) throws Exception {
        String body = Content.Source.asString(request, StandardCharsets.UTF_8);
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType == null ? "text/plain" : contentType);
        Content.Sink.write(response, true, body, callback);
    }

    /** Several separate writes without a Content-Length, so Jetty sends them as HTTP/1.1 chunks. */
    private static void chunked(Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        try {
            for (int chunk = 1; chunk <= CHUNKS; chunk++) {
                String text = "chunk " + chunk + " of " + CHUNKS + "\n";
                try (Blocker.Callback written = Blocker.callback()) {
                    response.write(chunk == CHUNKS, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), written);
                    written.block();
                }
            }
            callback.succeeded();
        } catch (Throwable failure) {
            callback.failed(failure);
        }
    }
}
