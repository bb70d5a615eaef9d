package dev.udsotel.core.protocol.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.protocol.DecodedExchange;
import io.opentelemetry.api.common.AttributeKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Frame-by-frame capture, as the agent and the sidecar do it, read back by the decoder through {@code Pieces}. */
class FrameCaptureTest {
    private static final AttributeKey<Long> GRPC_STATUS = AttributeKey.longKey("rpc.grpc.status_code");

    @Test
    void trailersAfterABigDataFrameInTheSameCallNameTheCallWithItsStatus() {
        byte[] request = concat(Http2Preface.BYTES, frame(Frame.HEADERS, 0x5, 1, grpcRequest("/pkg.Svc/Big", false)));
        byte[] response = concat(
                frame(Frame.HEADERS, 0x4, 1, new byte[] {(byte) 0x88}), // :status 200
                frame(Frame.DATA, 0, 1, new byte[10_000]),
                frame(Frame.HEADERS, 0x5, 1, literal("grpc-status", "7")));

        List<Http2Call> calls = new ArrayList<>();
        Http2Connection connection = new Http2Connection(Captures.CLIENT, true, calls::add);
        FrameCapture client = new FrameCapture(true);
        FrameCapture server = new FrameCapture(false);
        connection.onData(captured(client, request, EventKind.SEND, 256), true);
        IoEvent read = captured(server, response, EventKind.RECEIVE, 256);
        connection.onData(read, false);

        assertEquals(9 + 1 + 9 + 256, read.payload().length, "the prefix: HEADERS, then DATA up to the budget");
        assertEquals(1, read.pieces().count(), "the trailers' frame, after the uncaptured rest of the DATA");
        assertEquals(256, server.dataTaken());
        assertEquals(1, calls.size());
        DecodedExchange decoded = Http2ConnectionTest.decode(calls.get(0));
        assertEquals("pkg.Svc/Big", decoded.spanName());
        assertEquals(7L, decoded.attributes().get(GRPC_STATUS), "PERMISSION_DENIED, from the trailers");
        assertEquals(10_000L, calls.get(0).responseBytes());
    }

    @Test
    void aHeaderFrameOverTheBoundIsCountedAndNoLaterCallIsNamedWrongly() {
        byte[] big = new byte[FrameCapture.HEADER_FRAME_BOUND + 4_000];
        Arrays.fill(big, (byte) 'x');
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        first.writeBytes(grpcRequest("/pkg.Svc/A", true)); // :path indexed: dynamic entry 62
        first.writeBytes(indexedLiteral("x-big", new String(big, StandardCharsets.US_ASCII))); // then 62, :path 63
        byte[] second = concat(new byte[] {(byte) 0x83, (byte) 0x86, (byte) 0xbf}, grpcContentType());
        byte[] requests = concat(
                Http2Preface.BYTES,
                frame(Frame.HEADERS, 0x5, 1, first.toByteArray()),
                frame(Frame.HEADERS, 0x5, 3, second));
        byte[] responses = concat(
                frame(Frame.HEADERS, 0x5, 1, concat(new byte[] {(byte) 0x88}, literal("grpc-status", "0"))),
                frame(Frame.HEADERS, 0x5, 3, concat(new byte[] {(byte) 0x88}, literal("grpc-status", "0"))));

        List<Http2Call> calls = new ArrayList<>();
        Http2Connection connection = new Http2Connection(Captures.CLIENT, true, calls::add);
        FrameCapture client = new FrameCapture(true);
        connection.onData(captured(client, requests, EventKind.SEND, 0), true);
        connection.onData(captured(new FrameCapture(false), responses, EventKind.RECEIVE, 0), false);
        connection.close();

        assertEquals(1, client.cutHeaderFrames());
        assertEquals(2, calls.size());
        DecodedExchange a = Http2ConnectionTest.decode(calls.get(0));
        assertEquals("pkg.Svc/A", a.spanName(), "a literal captured before the cut is certain");
        assertEquals(Boolean.TRUE, a.attributes().get(Http2CallDecoder.HEADERS_LOST));
        DecodedExchange b = Http2ConnectionTest.decode(calls.get(1));
        assertNull(b.spanName(), ":path refers to a table entry the cut block left unknown: no name, never a guess");
        assertEquals(Boolean.FALSE, b.attributes().get(Http2CallDecoder.DECODABLE));
    }

    @Test
    void aDecoderThatLostEventsPicksUpTheFramingWhereTheSourceSaysAFrameBegins() {
        List<byte[]> frames = Captures.frames(Captures.bytes("grpc-python-calls.client"));
        int stream3 = Http2ConnectionTest.firstFrameOf(frames, 3);
        List<Http2Call> calls = new ArrayList<>();
        Http2Connection connection = new Http2Connection(Captures.CLIENT, true, calls::add);
        FrameCapture client = new FrameCapture(true);
        byte[] before = concat(frames.subList(0, stream3 - 1).toArray(byte[][]::new));
        connection.onData(captured(client, before, EventKind.SEND, 0), true);
        byte[] lastBefore = frames.get(stream3 - 1);
        byte[] half = Arrays.copyOf(lastBefore, lastBefore.length / 2);
        captured(client, half, EventKind.SEND, 0); // captured, then lost on the way
        connection.lost();
        byte[] rest = concat(
                Arrays.copyOfRange(lastBefore, half.length, lastBefore.length),
                concat(frames.subList(stream3, frames.size()).toArray(byte[][]::new)));
        IoEvent resumed = captured(client, rest, EventKind.SEND, 0);
        assertEquals(lastBefore.length - half.length, resumed.pieces().frameStart());
        connection.onData(resumed, true);
        connection.onData(
                captured(new FrameCapture(false), Captures.bytes("grpc-python-calls.server"), EventKind.RECEIVE, 64),
                false);
        connection.close();

        assertTrue(calls.stream().anyMatch(c -> c.streamId() == 5), "stream 5 seen after the framing came back");
        for (Http2Call call : calls) {
            String name = Http2ConnectionTest.decode(call).spanName();
            assertTrue(name == null || name.startsWith("demo.v1.Greeter/"), name);
        }
    }

    @Test
    void realPeersSplitAnywhereAreNamedAsIfCapturedWholeWithAnyDataBudget() {
        List<Http2Call> whole = Captures.calls("grpc-python-calls");
        byte[] client = Captures.bytes("grpc-python-calls.client");
        byte[] server = Captures.bytes("grpc-python-calls.server");
        SplittableRandom random = new SplittableRandom(11_16384L);
        for (int round = 0; round < 500; round++) {
            List<Http2Call> calls = new ArrayList<>();
            Http2Connection connection = new Http2Connection(Captures.CLIENT, true, calls::add);
            FrameCapture clientCapture = new FrameCapture(true);
            FrameCapture serverCapture = new FrameCapture(false);
            int c = 0;
            int s = 0;
            while (c < client.length || s < server.length) {
                boolean fromClient = s >= server.length || (c < client.length && random.nextBoolean());
                byte[] from = fromClient ? client : server;
                int at = fromClient ? c : s;
                int size = Math.min(from.length - at, 1 + random.nextInt(300));
                byte[] call = Arrays.copyOfRange(from, at, at + size);
                FrameCapture capture = fromClient ? clientCapture : serverCapture;
                IoEvent event =
                        captured(capture, call, fromClient ? EventKind.SEND : EventKind.RECEIVE, random.nextInt(16));
                connection.onData(event, fromClient);
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
    void mutatedBytesNeverCrashTheCaptureOrTheDecoder() {
        SplittableRandom random = new SplittableRandom(20261206L);
        for (int round = 0; round < 4_000; round++) {
            byte[] bytes = Captures.bytes(random.nextBoolean() ? "grpc-python-calls.server" : "curl-post-auth.client");
            for (int i = random.nextInt(6); i > 0; i--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            FrameCapture capture = new FrameCapture(random.nextBoolean());
            List<Http2Call> calls = new ArrayList<>();
            Http2Connection connection = new Http2Connection(Captures.CLIENT, random.nextBoolean(), calls::add);
            int at = 0;
            while (at < bytes.length) {
                int size = Math.min(bytes.length - at, 1 + random.nextInt(200));
                IoEvent event =
                        captured(capture, Arrays.copyOfRange(bytes, at, at + size), EventKind.SEND, random.nextInt(64));
                assertNotNull(event);
                connection.onData(event, true);
                at += size;
            }
            connection.close();
            calls.forEach(call -> assertTrue(Http2ConnectionTest.decode(call).attributes() != null));
        }
    }

    /** One call's bytes as a source captures them: prefix and pieces. */
    static IoEvent captured(FrameCapture capture, byte[] call, EventKind kind, int dataBudget) {
        FrameCapture.Captured c = capture.capture(
                (offset, into, at, count) -> {
                    System.arraycopy(call, (int) offset, into, at, count);
                    return count;
                },
                call.length,
                dataBudget);
        return new IoEvent(Captures.CLIENT, kind, 1, 2, call.length, c.prefix(), null, null, 0, null, c.pieces());
    }

    private static List<String> names(List<Http2Call> calls) {
        return calls.stream()
                .map(c -> c.streamId() + " " + Http2ConnectionTest.decode(c).spanName() + " "
                        + Http2ConnectionTest.decode(c).attributes().get(GRPC_STATUS) + " " + c.headerBlocksLost())
                .toList();
    }

    static byte[] frame(int type, int flags, int stream, byte[] payload) {
        byte[] f = new byte[Frame.HEADER_LENGTH + payload.length];
        f[0] = (byte) (payload.length >>> 16);
        f[1] = (byte) (payload.length >>> 8);
        f[2] = (byte) payload.length;
        f[3] = (byte) type;
        f[4] = (byte) flags;
        f[5] = (byte) (stream >>> 24);
        f[6] = (byte) (stream >>> 16);
        f[7] = (byte) (stream >>> 8);
        f[8] = (byte) stream;
        System.arraycopy(payload, 0, f, Frame.HEADER_LENGTH, payload.length);
        return f;
    }

    /** POST, http, a literal :path (added to the dynamic table when {@code indexed}), gRPC's content type. */
    static byte[] grpcRequest(String path, boolean indexed) {
        byte[] p = path.getBytes(StandardCharsets.US_ASCII);
        byte[] pathField = concat(new byte[] {(byte) (indexed ? 0x44 : 0x04), (byte) p.length}, p);
        return concat(new byte[] {(byte) 0x83, (byte) 0x86}, pathField, grpcContentType());
    }

    /** content-type (static 31) as a literal without indexing: 0x0f 0x10, then the value. */
    private static byte[] grpcContentType() {
        byte[] v = "application/grpc".getBytes(StandardCharsets.US_ASCII);
        return concat(new byte[] {0x0f, 0x10, (byte) v.length}, v);
    }

    /** A literal field with a new name, without indexing. */
    static byte[] literal(String name, String value) {
        return concat(new byte[] {0x00}, string(name), string(value));
    }

    /** A literal field with a new name, added to the dynamic table. */
    private static byte[] indexedLiteral(String name, String value) {
        return concat(new byte[] {0x40}, string(name), string(value));
    }

    /** A raw string with its HPACK length (7-bit prefix integer). */
    private static byte[] string(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int length = bytes.length;
        if (length < 127) {
            out.write(length);
        } else {
            out.write(127);
            length -= 127;
            while (length >= 128) {
                out.write((length & 0x7f) | 0x80);
                length >>>= 7;
            }
            out.write(length);
        }
        out.writeBytes(bytes);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
