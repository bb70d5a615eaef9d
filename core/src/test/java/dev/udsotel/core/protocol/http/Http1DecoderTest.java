package dev.udsotel.core.protocol.http;

import static dev.udsotel.core.protocol.Exchanges.bytes;
import static dev.udsotel.core.protocol.Exchanges.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.conversation.Captured;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.protocol.Exchanges;
import dev.udsotel.core.protocol.Leaks;
import dev.udsotel.core.protocol.ProtocolAttributes;
import dev.udsotel.core.protocol.ProtocolDecoders;
import dev.udsotel.core.redaction.Redaction;
import io.opentelemetry.api.common.AttributeKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class Http1DecoderTest {
    /** What curl 7.88.1 sent for {@code curl --unix-socket ... -H 'Authorization: ...' -b 'session=...' URL}. */
    static final String CURL_GET = "GET /v1.43/containers/json?all=1&limit=5 HTTP/1.1\r\nHost: localhost\r\n"
            + "User-Agent: curl/7.88.1\r\nAccept: */*\r\nCookie: session=0123456789abcdef\r\n"
            + "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2Vu.sig\r\n\r\n";

    static final String BEARER_SECRET = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2Vu.sig";
    static final String COOKIE_SECRET = "0123456789abcdef";

    /** What curl 7.88.1 sent for a chunked POST of a container definition read from stdin. */
    static final String CURL_CHUNKED_POST = "POST /v1.43/containers/create?name=demo HTTP/1.1\r\nHost: localhost\r\n"
            + "User-Agent: curl/7.88.1\r\nAccept: */*\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n26\r\n{\"Image\":\"alpine\",\"Cmd\":[\"echo\",\"hi\"]}\r\n0\r\n\r\n";

    /** A Docker Engine (Go net/http) response. */
    static final String DOCKER_LIST = "HTTP/1.1 200 OK\r\nApi-Version: 1.43\r\nContent-Type: application/json\r\n"
            + "Docker-Experimental: false\r\nOstype: linux\r\nServer: Docker/24.0.7 (linux)\r\n"
            + "Date: Sun, 29 Nov 2026 03:58:11 GMT\r\nContent-Length: 3\r\n\r\n[]\n";

    /** Go net/http streams bodies it cannot size up front in chunks. */
    static final String DOCKER_CHUNKED = "HTTP/1.1 200 OK\r\nApi-Version: 1.43\r\nContent-Type: application/json\r\n"
            + "Server: Docker/24.0.7 (linux)\r\nDate: Sun, 29 Nov 2026 03:58:11 GMT\r\nTransfer-Encoding: chunked\r\n"
            + "\r\n1f\r\n{\"status\":\"Pulling from alpine\"}\r\n14\r\n{\"status\":\"Digest\"}\n\r\n0\r\n\r\n";

    private final ProtocolDecoders decoders = ProtocolDecoders.standard();

    private DecodedExchange decode(Exchange exchange) {
        return decoders.decode(exchange, Redaction.DEFAULT);
    }

    private static <T> T attr(DecodedExchange decoded, AttributeKey<T> key) {
        return decoded.attributes().get(key);
    }

    @Test
    void namesTheSpanAfterMethodAndPathOfACurlRequest() {
        DecodedExchange decoded = decode(Exchanges.of(CURL_GET, DOCKER_LIST));

        assertEquals("GET /v1.43/containers/json", decoded.spanName());
        assertEquals("http", attr(decoded, ProtocolAttributes.PROTOCOL));
        assertEquals("GET", attr(decoded, Http1Decoder.METHOD));
        assertEquals("/v1.43/containers/json", attr(decoded, Http1Decoder.PATH));
        assertEquals("all=1&limit=5", attr(decoded, Http1Decoder.QUERY));
        assertEquals(200L, attr(decoded, Http1Decoder.STATUS));
        assertEquals("http", attr(decoded, Http1Decoder.PROTOCOL_NAME));
        assertEquals("1.1", attr(decoded, Http1Decoder.PROTOCOL_VERSION));
        assertEquals("curl/7.88.1", attr(decoded, Http1Decoder.USER_AGENT));
        assertEquals(List.of("localhost"), attr(decoded, Http1Decoder.HOST));
        assertEquals(3L, attr(decoded, Http1Decoder.RESPONSE_BODY_SIZE));
        assertNull(attr(decoded, Http1Decoder.REQUEST_BODY_SIZE));
        assertNull(attr(decoded, Http1Decoder.CHUNKED));
        assertNull(attr(decoded, Http1Decoder.PIPELINED));
        assertFalse(decoded.error());
    }

    @Test
    void leavesOutTheQueryWhenThereIsNone() {
        DecodedExchange decoded = decode(Exchanges.of(
                "GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK"));

        assertEquals("GET /_ping", decoded.spanName());
        assertNull(attr(decoded, Http1Decoder.QUERY));
        assertEquals(List.of("docker"), attr(decoded, Http1Decoder.HOST));
    }

    @Test
    void redactsAuthorizationAndCookieValuesInTheRequestPreview() {
        DecodedExchange decoded = decode(Exchanges.of(CURL_GET, DOCKER_LIST));

        String preview = text(decoded.requestPreview());
        assertTrue(preview.contains("\r\nCookie: [REDACTED]\r\n"), preview);
        assertTrue(preview.contains("\r\nAuthorization: [REDACTED]\r\n\r\n"), preview);
        assertTrue(preview.startsWith("GET /v1.43/containers/json?all=1&limit=5 HTTP/1.1\r\nHost: localhost\r\n"));
        assertEquals(true, attr(decoded, ProtocolAttributes.REDACTED));
        Leaks.assertNoLeak(decoded, BEARER_SECRET, "full capture");
        Leaks.assertNoLeak(decoded, COOKIE_SECRET, "full capture");
    }

    @Test
    void redactsEveryCredentialLocationOfARequest() {
        String secret = "pl4nted-s3cret";
        String[] requests = {
            "GET /v1/items HTTP/1.1\r\nHost: h\r\nX-Api-Key: " + secret + "\r\n\r\n",
            "GET /v1/items HTTP/1.1\r\nHost: h\r\nX-Auth-Token: " + secret + "\r\n\r\n",
            "GET /v1/items?page=2&access_token=" + secret + " HTTP/1.1\r\nHost: h\r\n\r\n",
            "GET http://bob:" + secret + "@h/v1/items HTTP/1.1\r\nHost: h\r\n\r\n",
            "POST /login HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 29\r\n\r\n"
                    + "user=bob&password=" + secret,
            "POST /login HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n"
                    + "{\"user\":\"bob\",\"client_secret\":\"" + secret + "\"}",
        };
        for (String request : requests) {
            DecodedExchange decoded = decode(Exchanges.of(request, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
            Leaks.assertNoLeak(decoded, secret, request);
            assertEquals(true, attr(decoded, ProtocolAttributes.REDACTED), request);
            assertFalse(decoded.spanName().contains(secret), request);
        }
        DecodedExchange query = decode(Exchanges.of(requests[2], ""));
        assertEquals("page=2&access_token=[REDACTED]", attr(query, Http1Decoder.QUERY));
    }

    @Test
    void redactsSetCookieAndProxyAuthorizationWhateverTheirCase() {
        DecodedExchange decoded = decode(Exchanges.of(
                "GET /login HTTP/1.1\r\nPROXY-AUTHORIZATION: Basic dXNlcjpwYXNzd29yZA==\r\n\r\n",
                "HTTP/1.1 302 Found\r\nset-cookie: id=a3fWa; Max-Age=2592000\r\nContent-Length: 0\r\n\r\n"));

        assertEquals("GET /login HTTP/1.1\r\nPROXY-AUTHORIZATION: [REDACTED]\r\n\r\n", text(decoded.requestPreview()));
        assertEquals(
                "HTTP/1.1 302 Found\r\nset-cookie: [REDACTED]\r\nContent-Length: 0\r\n\r\n",
                text(decoded.responsePreview()));
    }

    @Test
    void keepsPreviewsAsCapturedWhenRedactionIsOff() {
        Exchange exchange = Exchanges.of(CURL_GET, DOCKER_LIST);
        DecodedExchange decoded = decoders.decode(exchange, new Redaction(false));

        assertArrayEquals(bytes(CURL_GET), decoded.requestPreview());
        assertArrayEquals(bytes(DOCKER_LIST), decoded.responsePreview());
        assertNull(attr(decoded, ProtocolAttributes.REDACTED));
    }

    @Test
    void doesNotMarkRedactionWhenThereWasNoSecret() {
        DecodedExchange decoded = decode(Exchanges.of("GET /_ping HTTP/1.1\r\n\r\n", "HTTP/1.1 200 OK\r\n\r\n"));
        assertNull(attr(decoded, ProtocolAttributes.REDACTED));
    }

    @Test
    void redactsACredentialCutByTheCaptureLimit() {
        byte[] request = bytes(CURL_GET);
        int cut = CURL_GET.indexOf("Bearer eyJ") + 10;
        DecodedExchange decoded = decode(Exchanges.cut(request, cut, bytes(DOCKER_LIST), 64));

        assertTrue(
                text(decoded.requestPreview()).endsWith("\r\nAuthorization: [REDACTED]"),
                text(decoded.requestPreview()));
        assertEquals("GET /v1.43/containers/json", decoded.spanName());
    }

    @Test
    void neverLeaksASecretWhereverTheCaptureLimitCutsTheRequest() {
        byte[] request = bytes(CURL_GET);
        byte[] response = bytes(DOCKER_LIST);
        for (int cut = 0; cut <= request.length; cut++) {
            DecodedExchange decoded = decode(Exchanges.cut(request, cut, response, response.length));
            assertNotNull(decoded.spanName());
            Leaks.assertNoLeak(decoded, BEARER_SECRET, "request cut at " + cut);
            Leaks.assertNoLeak(decoded, COOKIE_SECRET, "request cut at " + cut);
            if (cut >= "GET /".length()) {
                assertEquals("http", attr(decoded, ProtocolAttributes.PROTOCOL), "cut at " + cut);
            }
        }
    }

    @Test
    void neverLeaksASetCookieWhereverTheCaptureLimitCutsTheResponse() {
        String secret = "sid=Qm9vbGVhbiBzZWNyZXQ";
        byte[] response = bytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nSet-Cookie: " + secret
                + "; Path=/; HttpOnly\r\nContent-Length: 5\r\n\r\nhello");
        byte[] request = bytes("POST /session HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");
        for (int cut = 0; cut <= response.length; cut++) {
            DecodedExchange decoded = decode(Exchanges.cut(request, request.length, response, cut));
            Leaks.assertNoLeak(decoded, secret, "response cut at " + cut);
            if (cut >= "HTTP/1.1 200".length()) {
                assertEquals(200L, attr(decoded, Http1Decoder.STATUS), "cut at " + cut);
            } else {
                assertNull(attr(decoded, Http1Decoder.STATUS), "cut at " + cut);
            }
        }
    }

    @Test
    void reportsOnlyWhatIsCompleteWhenTheRequestIsCutMidHeader() {
        int cut = CURL_GET.indexOf("curl/7.8") + 6;
        DecodedExchange decoded = decode(Exchanges.cut(bytes(CURL_GET), cut, bytes(DOCKER_LIST), 500));

        assertEquals(List.of("localhost"), attr(decoded, Http1Decoder.HOST));
        assertNull(attr(decoded, Http1Decoder.USER_AGENT));
    }

    @Test
    void namesTheSpanAfterAPathTheCaptureLimitCut() {
        String request = "GET /v1.43/images/json?filters=" + "x".repeat(400) + " HTTP/1.1\r\n\r\n";
        DecodedExchange decoded = decode(Exchanges.cut(bytes(request), 256, new byte[0], 0));

        assertEquals("GET /v1.43/images/json", decoded.spanName());
        assertEquals(
                "filters=" + "x".repeat(256 - "GET /v1.43/images/json?filters=".length()),
                attr(decoded, Http1Decoder.QUERY));
        assertNull(attr(decoded, Http1Decoder.PROTOCOL_VERSION));
    }

    @Test
    void takesTheVersionFromTheResponseWhenTheRequestLineIsCut() {
        String request = "GET /" + "a".repeat(300) + " HTTP/1.0\r\n\r\n";
        DecodedExchange decoded =
                decode(Exchanges.cut(bytes(request), 256, bytes("HTTP/1.0 404 Not Found\r\n\r\n"), 99));
        assertEquals("1.0", attr(decoded, Http1Decoder.PROTOCOL_VERSION));
        assertEquals(404L, attr(decoded, Http1Decoder.STATUS));
    }

    @Test
    void shortensAHugePathInTheSpanNameButNotInTheAttribute() {
        String path = "/" + "segment/".repeat(40);
        DecodedExchange decoded = decode(Exchanges.of("DELETE " + path + " HTTP/1.1\r\n\r\n", ""));

        assertEquals("DELETE " + path.substring(0, 100) + "...", decoded.spanName());
        assertEquals(path, attr(decoded, Http1Decoder.PATH));
    }

    @Test
    void recognizesHttp10() {
        DecodedExchange decoded = decode(
                Exchanges.of("HEAD /index.html HTTP/1.0\r\n\r\n", "HTTP/1.0 200 OK\r\nContent-Length: 1234\r\n\r\n"));

        assertEquals("1.0", attr(decoded, Http1Decoder.PROTOCOL_VERSION));
        assertEquals("HEAD /index.html", decoded.spanName());
        assertNull(attr(decoded, Http1Decoder.RESPONSE_BODY_SIZE), "a HEAD response has no body");
    }

    @Test
    void readsThePathOfAnAbsoluteFormTarget() {
        DecodedExchange decoded = decode(
                Exchanges.of("GET http://localhost:2375/v1.43/info?x=1 HTTP/1.1\r\nHost: localhost:2375\r\n\r\n", ""));
        assertEquals("GET /v1.43/info", decoded.spanName());
        assertEquals("x=1", attr(decoded, Http1Decoder.QUERY));
    }

    @Test
    void namesAConnectTunnelAfterItsMethodOnly() {
        DecodedExchange decoded = decode(Exchanges.of(
                "CONNECT example.com:443 HTTP/1.1\r\n\r\n", "HTTP/1.1 200 Connection established\r\n\r\n"));
        assertEquals("CONNECT", decoded.spanName());
        assertNull(attr(decoded, Http1Decoder.PATH));
    }

    @Test
    void reportsRequestAndResponseContentLength() {
        String body = "{\"Image\":\"alpine\"}";
        DecodedExchange decoded = decode(
                Exchanges.of(
                        "POST /containers/create HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: "
                                + body.length() + "\r\n\r\n" + body,
                        "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 88\r\n\r\n{\"Id\":\"e90e\"}"));

        assertEquals((long) body.length(), attr(decoded, Http1Decoder.REQUEST_BODY_SIZE));
        assertEquals(88L, attr(decoded, Http1Decoder.RESPONSE_BODY_SIZE));
        assertEquals(201L, attr(decoded, Http1Decoder.STATUS));
    }

    @Test
    void sumsTheChunkSizesOfAChunkedBodyWhoseLastChunkIsVisible() {
        DecodedExchange decoded = decode(Exchanges.of(CURL_CHUNKED_POST, DOCKER_CHUNKED));

        assertEquals("POST /v1.43/containers/create", decoded.spanName());
        assertEquals(38L, attr(decoded, Http1Decoder.REQUEST_BODY_SIZE));
        assertEquals(0x1fL + 0x14L, attr(decoded, Http1Decoder.RESPONSE_BODY_SIZE));
        assertEquals(true, attr(decoded, Http1Decoder.CHUNKED));
    }

    @Test
    void takesTheChunkFramingOffTheSizeOfAChunkedBodyCutByTheCaptureLimit() {
        byte[] response = bytes(chunkedResponse(85_000, 8_192));
        DecodedExchange decoded = decode(Exchanges.cut(bytes(CURL_GET), 9999, response, 256));

        assertEquals(85_000L, attr(decoded, Http1Decoder.RESPONSE_BODY_SIZE));
        assertEquals(true, attr(decoded, Http1Decoder.CHUNKED));
    }

    @Test
    void takesTheFramingOffABodyOfWholeChunksAndOffABodyOfOneChunk() {
        for (int[] shape : new int[][] {{65_536, 16_384}, {85_000, 85_000}, {300, 256}, {4_097, 4_096}}) {
            byte[] response = bytes(chunkedResponse(shape[0], shape[1]));
            DecodedExchange decoded = decode(Exchanges.cut(bytes(CURL_GET), 9999, response, 200));
            assertEquals((long) shape[0], attr(decoded, Http1Decoder.RESPONSE_BODY_SIZE), shape[0] + "/" + shape[1]);
        }
    }

    @Test
    void reportsNoSizeForACutChunkedBodyWhoseTotalCannotBeEqualChunks() {
        String body = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + "10\r\n" + "a".repeat(16) + "\r\n"
                + "11\r\n" + "b".repeat(17) + "\r\n0\r\n\r\n";
        DecodedExchange decoded = decode(Exchanges.cut(bytes(CURL_GET), 9999, bytes(body), 60));

        assertNull(attr(decoded, Http1Decoder.RESPONSE_BODY_SIZE));
    }

    /** A response whose body of {@code size} bytes is sent in chunks of {@code chunk} bytes and a shorter last one. */
    private static String chunkedResponse(int size, int chunk) {
        StringBuilder response = new StringBuilder(
                "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n" + "Transfer-Encoding: chunked\r\n\r\n");
        for (int sent = 0; sent < size; sent += chunk) {
            int length = Math.min(chunk, size - sent);
            response.append(Integer.toHexString(length))
                    .append("\r\n")
                    .append("x".repeat(length))
                    .append("\r\n");
        }
        return response.append("0\r\n\r\n").toString();
    }

    @Test
    void marksServerErrorsAsErrors() {
        DecodedExchange decoded = decode(Exchanges.of(
                "GET /containers/nope/json HTTP/1.1\r\n\r\n",
                "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: 27\r\n\r\n"
                        + "{\"message\":\"driver failed\"}"));
        assertTrue(decoded.error());
        assertEquals(500L, attr(decoded, Http1Decoder.STATUS));
        assertEquals("500", attr(decoded, ProtocolAttributes.ERROR_TYPE));
    }

    @Test
    void marksA4xxAsAnErrorOnTheClientSpanButNotOnTheServerSpan() {
        Captured request = Exchanges.captured(bytes("GET /containers/nope/json HTTP/1.1\r\n\r\n"), 256);
        Captured notFound = Exchanges.captured(bytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"), 256);

        DecodedExchange client = decode(Exchanges.on(Exchanges.connection(Exchanges.SOCKET), request, notFound));
        assertTrue(client.error());
        assertEquals("404", attr(client, ProtocolAttributes.ERROR_TYPE));

        DecodedExchange server =
                decode(Exchanges.on(Exchanges.connection(Exchanges.SOCKET, Role.SERVER), request, notFound));
        assertFalse(server.error());
        assertNull(attr(server, ProtocolAttributes.ERROR_TYPE));
        assertEquals(404L, attr(server, Http1Decoder.STATUS));
    }

    @Test
    void namesTheSpanAfterThePathTemplateAndKeepsTheRawPath() {
        DecodedExchange decoded = decode(Exchanges.of(
                "GET /v1.43/containers/4f1c2e0a9b7d/json?size=1 HTTP/1.1\r\nHost: docker\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"));

        assertEquals("GET /v1.43/containers/{id}/json", decoded.spanName());
        assertEquals("/v1.43/containers/{id}/json", attr(decoded, Http1Decoder.TEMPLATE));
        assertEquals("/v1.43/containers/4f1c2e0a9b7d/json", attr(decoded, Http1Decoder.PATH));
        assertEquals("size=1", attr(decoded, Http1Decoder.QUERY));
        assertEquals("http", attr(decoded, Http1Decoder.SCHEME_KEY));
    }

    @Test
    void neverShowsACredentialOfThePathInTheSpanNameOrTheTemplate() {
        String secret = "pl4nted-s3cret";
        for (String path :
                List.of("/cart;jsessionid=" + secret + "/items/42", "/reset/password=" + secret + "/12345")) {
            DecodedExchange decoded = decode(Exchanges.of(
                    "GET " + path + " HTTP/1.1\r\nHost: h\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));

            Leaks.assertNoLeak(decoded, secret, path);
            assertEquals(true, attr(decoded, ProtocolAttributes.REDACTED), path);
            assertEquals(decoded.spanName(), "GET " + attr(decoded, Http1Decoder.TEMPLATE));
        }
        DecodedExchange session = decode(Exchanges.of(
                "GET /cart;jsessionid=" + secret + "/items/42 HTTP/1.1\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        // a value in a path runs to the path's end, as in the request line of the preview
        assertEquals("GET /cart;jsessionid=[REDACTED]", session.spanName());
        assertEquals("/cart;jsessionid=[REDACTED]", attr(session, Http1Decoder.PATH));
    }

    @Test
    void keepsTheRawPathWhenRedactionIsOff() {
        Exchange exchange = Exchanges.of(
                "GET /cart;jsessionid=abc/items/42 HTTP/1.1\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        DecodedExchange decoded = decoders.decode(exchange, Redaction.OFF);

        assertEquals("/cart;jsessionid=abc/items/42", attr(decoded, Http1Decoder.PATH));
        assertEquals("GET /cart;jsessionid=abc/items/{id}", decoded.spanName());
    }

    @Test
    void skipsAnInterimContinueResponse() {
        DecodedExchange decoded = decode(Exchanges.of(
                "PUT /upload HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\ndata",
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"));
        assertEquals(503L, attr(decoded, Http1Decoder.STATUS));
        assertEquals(0L, attr(decoded, Http1Decoder.RESPONSE_BODY_SIZE));
        assertTrue(decoded.error());
    }

    @Test
    void decodesEachExchangeOfAKeepAliveConnectionOnItsOwn() {
        var connection = Exchanges.connection("/var/run/docker.sock");
        Exchange first = Exchanges.on(
                connection, Exchanges.captured(bytes(CURL_GET), 256), Exchanges.captured(bytes(DOCKER_LIST), 256));
        Exchange second = Exchanges.on(
                connection,
                Exchanges.captured(bytes("GET /v1.43/version HTTP/1.1\r\nHost: localhost\r\n\r\n"), 256),
                Exchanges.captured(bytes("HTTP/1.1 200 OK\r\nContent-Length: 42\r\n\r\n{}"), 256));

        assertEquals("GET /v1.43/containers/json", decode(first).spanName());
        DecodedExchange decodedSecond = decode(second);
        assertEquals("GET /v1.43/version", decodedSecond.spanName());
        assertEquals(42L, attr(decodedSecond, Http1Decoder.RESPONSE_BODY_SIZE));
        assertNull(attr(decodedSecond, ProtocolAttributes.REDACTED));
    }

    @Test
    void decodesTheSameWhicheverEndObservedTheExchange() {
        Exchange client = Exchanges.of(CURL_GET, DOCKER_LIST);
        var server = new dev.udsotel.core.event.Connection(
                9,
                "/var/run/docker.sock",
                dev.udsotel.core.event.Role.SERVER,
                dev.udsotel.core.event.SocketType.STREAM,
                new dev.udsotel.core.event.ProcessIdentity(1, "dockerd", "dockerd", null));
        DecodedExchange seenByServer = decode(Exchanges.on(server, client.request(), client.response()));
        DecodedExchange seenByClient = decode(client);

        assertEquals(seenByClient.spanName(), seenByServer.spanName());
        assertEquals(seenByClient.attributes(), seenByServer.attributes());
    }

    @Test
    void countsPipelinedRequestsAndNamesTheSpanAfterTheFirst() {
        String pipelined = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /b HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"
                + "PUT /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                + "DELETE /d HTTP/1.1\r\nAuthorization: Basic c2VjcmV0OnBhc3M=\r\n\r\n";
        DecodedExchange decoded = decode(Exchanges.of(
                pipelined, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));

        assertEquals("GET /a", decoded.spanName());
        assertEquals(4L, attr(decoded, Http1Decoder.PIPELINED));
        Leaks.assertNoLeak(decoded, "c2VjcmV0OnBhc3M=", "pipelined");
    }

    @Test
    void countsAPipelinedRequestWhoseLineIsCut() {
        String pipelined = "GET /a HTTP/1.1\r\n\r\nGET /b HT";
        DecodedExchange decoded =
                decode(Exchanges.cut(bytes(pipelined + "TP/1.1\r\n\r\n"), pipelined.length(), new byte[0], 0));
        assertEquals(2L, attr(decoded, Http1Decoder.PIPELINED));
    }

    @Test
    void recognizesOnlyKnownMethodsWithAnHttpVersion() {
        Http1Decoder http = new Http1Decoder();
        assertTrue(http.recognizes(Exchanges.of("OPTIONS * HTTP/1.1\r\n\r\n", "")));
        assertTrue(http.recognizes(Exchanges.of("PATCH /x HTTP/1.0\n\n", "")));
        assertFalse(http.recognizes(Exchanges.of("BREW /pot HTTP/1.1\r\n\r\n", "")));
        assertFalse(http.recognizes(Exchanges.of("GET / HTTP/2.0\r\n\r\n", "")));
        assertFalse(http.recognizes(Exchanges.of("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "")));
        assertFalse(http.recognizes(Exchanges.of("get / HTTP/1.1\r\n\r\n", "")));
        assertFalse(http.recognizes(Exchanges.of("GET /x\r\n", "")), "a complete line without version");
        assertFalse(http.recognizes(Exchanges.of("GET mykey\r\n", "")), "a Redis inline command");
        assertFalse(http.recognizes(Exchanges.of(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00}, new byte[0])));
    }

    @Test
    void recognizesARequestLineTheCaptureLimitCutOnlyWhenItWasCut() {
        Http1Decoder http = new Http1Decoder();
        byte[] request = bytes("GET /v1.43/containers/json HTTP/1.1\r\n\r\n");
        assertTrue(http.recognizes(Exchanges.cut(request, 20, new byte[0], 0)));
        assertFalse(http.recognizes(Exchanges.on(
                Exchanges.connection("/x"), new Captured(20, java.util.Arrays.copyOf(request, 20)), Captured.EMPTY)));
    }

    @Test
    void acceptsBareLineFeeds() {
        DecodedExchange decoded = decode(Exchanges.of(
                "GET /info HTTP/1.1\nUser-Agent: nc\nCookie: k=v\n\n", "HTTP/1.1 200 OK\nContent-Length: 7\n\n"));
        assertEquals("nc", attr(decoded, Http1Decoder.USER_AGENT));
        assertEquals(7L, attr(decoded, Http1Decoder.RESPONSE_BODY_SIZE));
        assertEquals("GET /info HTTP/1.1\nUser-Agent: nc\nCookie: [REDACTED]\n\n", text(decoded.requestPreview()));
    }

    @Test
    void escapesUnprintableBytesInAttributes() {
        DecodedExchange decoded =
                decode(Exchanges.of(bytes("GET /caf\u00e9 HTTP/1.1\r\nUser-Agent: t\u0001ool\r\n\r\n"), new byte[0]));
        assertEquals("/caf\\xe9", attr(decoded, Http1Decoder.PATH));
        assertEquals("t\\x01ool", attr(decoded, Http1Decoder.USER_AGENT));
    }
}
