package dev.udsotel.core.protocol.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.redaction.Redaction;
import io.opentelemetry.api.common.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Http2ConnectionTest {

    @Test
    void makesOneCallPerGrpcStreamWithMethodStatusAndMessageCounts() {
        List<Http2Call> calls = Captures.calls("grpc-python-calls");

        assertEquals(
                3, calls.size(), "unary, server streaming and failing call; no call for SETTINGS/PING/WINDOW_UPDATE");
        DecodedExchange unary = decode(calls.get(0));
        assertEquals("demo.v1.Greeter/SayHello", unary.spanName());
        assertEquals("grpc", unary.attributes().get(AttributeKey.stringKey("rpc.system")));
        assertEquals("demo.v1.Greeter", unary.attributes().get(AttributeKey.stringKey("rpc.service")));
        assertEquals("SayHello", unary.attributes().get(AttributeKey.stringKey("rpc.method")));
        assertEquals(0L, unary.attributes().get(AttributeKey.longKey("rpc.grpc.status_code")));
        assertEquals(1L, unary.attributes().get(Http2CallDecoder.REQUEST_MESSAGES));
        assertEquals(5L, unary.attributes().get(Http2CallDecoder.REQUEST_MESSAGE_BYTES), "b\"world\"");
        assertEquals(1L, unary.attributes().get(Http2CallDecoder.RESPONSE_MESSAGES));
        assertEquals(11L, unary.attributes().get(Http2CallDecoder.RESPONSE_MESSAGE_BYTES), "b\"hello world\"");
        assertFalse(unary.error());

        DecodedExchange streaming = decode(calls.get(1));
        assertEquals("demo.v1.Greeter/Count", streaming.spanName());
        assertEquals(3L, streaming.attributes().get(Http2CallDecoder.RESPONSE_MESSAGES), "one span, three messages");
        assertEquals(0L, streaming.attributes().get(AttributeKey.longKey("rpc.grpc.status_code")));

        DecodedExchange failing = decode(calls.get(2));
        assertEquals("demo.v1.Greeter/Fail", failing.spanName());
        assertEquals(5L, failing.attributes().get(AttributeKey.longKey("rpc.grpc.status_code")));
        assertEquals("NOT_FOUND", failing.attributes().get(AttributeKey.stringKey("error.type")));
        assertTrue(failing.error());
        for (Http2Call call : calls) {
            assertTrue(call.complete());
            assertFalse(call.headerBlocksLost());
        }
    }

    @Test
    void redactsGrpcMetadataCredentialsInThePreview() {
        DecodedExchange unary = decode(Captures.calls("grpc-python-calls").get(0));

        String preview = new String(unary.requestPreview(), StandardCharsets.ISO_8859_1);
        assertTrue(preview.contains(":path: /demo.v1.Greeter/SayHello\n"), preview);
        assertTrue(preview.contains("authorization: [REDACTED]"), preview);
        assertFalse(preview.contains("s3cret-token"), preview);
        assertTrue(unary.redacted());
    }

    @Test
    void namesHttp2RequestsByMethodAndPathFromHuffmanCodedHeaders() {
        DecodedExchange get = decode(single("curl-get-cookie"));
        assertEquals("GET /index.html", get.spanName());
        assertEquals(200L, get.attributes().get(Http2CallDecoder.STATUS));
        assertEquals(6L, get.attributes().get(Http2CallDecoder.RESPONSE_BODY_SIZE));
        assertNull(get.attributes().get(AttributeKey.stringKey("rpc.system")));
        String preview = new String(get.requestPreview(), StandardCharsets.ISO_8859_1);
        assertTrue(preview.contains("user-agent: curl/7.88.1"), preview);
        assertFalse(preview.contains("abc123secret"), preview);

        DecodedExchange query = decode(single("curl-get-query"));
        assertEquals("GET /data.json", query.spanName());
        assertEquals("id=7", query.attributes().get(Http2CallDecoder.QUERY));

        DecodedExchange missing = decode(single("curl-get-404"));
        assertEquals(404L, missing.attributes().get(Http2CallDecoder.STATUS));

        DecodedExchange post = decode(single("curl-post-auth"));
        assertEquals("POST /index.html", post.spanName());
        assertEquals(10L, post.attributes().get(Http2CallDecoder.REQUEST_BODY_SIZE), "name=value");
        assertFalse(new String(post.requestPreview(), StandardCharsets.ISO_8859_1).contains("tok-h2-secret"));
    }

    @Test
    void findsTheSameCallsWhateverTheReadAndWriteBoundaries() {
        List<Http2Call> whole = Captures.calls("grpc-python-calls");
        byte[] client = Captures.bytes("grpc-python-calls.client");
        byte[] server = Captures.bytes("grpc-python-calls.server");
        SplittableRandom random = new SplittableRandom(20261205L);
        for (int round = 0; round < 500; round++) {
            List<Http2Call> calls = new ArrayList<>();
            Http2Connection connection = new Http2Connection(Captures.CLIENT, true, calls::add);
            int c = 0;
            int s = 0;
            while (c < client.length || s < server.length) {
                boolean fromClient = s >= server.length || (c < client.length && random.nextBoolean());
                byte[] from = fromClient ? client : server;
                int at = fromClient ? c : s;
                int size = Math.min(from.length - at, 1 + random.nextInt(40));
                byte[] piece = java.util.Arrays.copyOfRange(from, at, at + size);
                connection.onData(
                        Captures.event(piece, fromClient ? EventKind.SEND : EventKind.RECEIVE, round), fromClient);
                if (fromClient) {
                    c += size;
                } else {
                    s += size;
                }
            }
            connection.close();
            assertEquals(names(whole), names(calls), "round " + round);
        }
    }

    @Test
    void aTracerStartedMidConnectionNamesWhatIsCertainAndFlagsTheRest() {
        List<byte[]> client = Captures.frames(Captures.bytes("grpc-python-calls.client"));
        List<byte[]> server = Captures.frames(Captures.bytes("grpc-python-calls.server"));
        List<Http2Call> calls = new ArrayList<>();
        Http2Connection connection = new Http2Connection(Captures.CLIENT, false, calls::add);
        int firstOfStream3 = firstFrameOf(client, 3);
        for (int i = firstOfStream3; i < client.size(); i++) {
            connection.onData(Captures.event(client.get(i), EventKind.SEND, i), true);
        }
        for (int i = firstFrameOf(server, 3); i < server.size(); i++) {
            connection.onData(Captures.event(server.get(i), EventKind.RECEIVE, 100 + i), false);
        }
        connection.close();

        assertEquals(List.of(3, 5), calls.stream().map(Http2Call::streamId).toList());
        for (Http2Call call : calls) {
            assertTrue(call.headerBlocksLost());
            DecodedExchange decoded = decode(call);
            String name = decoded.spanName();
            assertTrue(
                    name == null
                            || name.equals("demo.v1.Greeter/" + (call.streamId() == 3 ? "Count" : "Fail"))
                            || name.equals("POST /demo.v1.Greeter/" + (call.streamId() == 3 ? "Count" : "Fail")),
                    "a certain name or none: " + name);
            assertEquals(Boolean.TRUE, decoded.attributes().get(Http2CallDecoder.HEADERS_LOST));
        }
    }

    static int firstFrameOf(List<byte[]> frames, int stream) {
        for (int i = 0; i < frames.size(); i++) {
            byte[] f = frames.get(i);
            if (f.length >= Frame.HEADER_LENGTH
                    && !Http2Preface.startsWith(f)
                    && (((f[5] & 0x7f) << 24) | ((f[6] & 0xff) << 16) | ((f[7] & 0xff) << 8) | (f[8] & 0xff))
                            == stream) {
                return i;
            }
        }
        throw new AssertionError("no frame of stream " + stream);
    }

    private static Http2Call single(String capture) {
        List<Http2Call> calls = Captures.calls(capture);
        assertEquals(1, calls.size(), capture);
        return calls.get(0);
    }

    private static List<String> names(List<Http2Call> calls) {
        return calls.stream()
                .map(c -> c.streamId() + " " + decode(c).spanName() + " "
                        + decode(c).attributes().get(AttributeKey.longKey("rpc.grpc.status_code"))
                        + " " + c.responseMessages())
                .toList();
    }

    static DecodedExchange decode(Http2Call call) {
        return Http2CallDecoder.decode(call, Role.CLIENT, Redaction.DEFAULT);
    }
}
