package dev.udsotel.core.protocol.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.protocol.DecodedExchange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Mutated, cut and lossy traffic from real peers: the decoder never throws and never states a wrong field. */
class Http2FuzzTest {
    private static final String[] CAPTURES = {
        "grpc-python-calls", "curl-get-cookie", "curl-get-query", "curl-get-404", "curl-post-auth",
    };

    @Test
    void lostFramesNeverMakeAWrongHeaderFieldOrName() {
        SplittableRandom random = new SplittableRandom(11_2026_12_05L);
        for (String capture : CAPTURES) {
            Map<Integer, Http2Call> truth = byStream(Captures.calls(capture));
            List<byte[]> client = Captures.frames(Captures.bytes(capture + ".client"));
            List<byte[]> server = Captures.frames(Captures.bytes(capture + ".server"));
            for (int round = 0; round < 1_000; round++) {
                List<Http2Call> calls = new ArrayList<>();
                Http2Connection connection = new Http2Connection(Captures.CLIENT, random.nextInt(4) != 0, calls::add);
                feedWithLosses(connection, client, true, random);
                feedWithLosses(connection, server, false, random);
                connection.close();
                for (Http2Call call : calls) {
                    Http2Call expected = truth.get(call.streamId());
                    assertTrue(expected != null, capture + ": a stream that never was: " + call.streamId());
                    assertNoWrongField(expected.request(), call.request(), capture);
                    assertNoWrongField(expected.response(), call.response(), capture);
                    if (call.trailers() != null) {
                        assertNoWrongField(expected.trailers(), call.trailers(), capture);
                    }
                    String name = Http2ConnectionTest.decode(call).spanName();
                    String trueName = Http2ConnectionTest.decode(expected).spanName();
                    String path = expected.request().value(":path");
                    assertTrue(
                            name == null
                                    || name.equals(trueName)
                                    || name.equals(expected.request().value(":method") + " " + path),
                            capture + ": wrong name " + name + " for " + trueName);
                }
            }
        }
    }

    @Test
    void eventsLostAfterFrameByFrameCaptureNeverMakeAWrongName() {
        SplittableRandom random = new SplittableRandom(11_2026_12_06L);
        for (String capture : CAPTURES) {
            Map<Integer, Http2Call> truth = byStream(Captures.calls(capture));
            byte[] client = Captures.bytes(capture + ".client");
            byte[] server = Captures.bytes(capture + ".server");
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
                    int size = Math.min(from.length - at, 1 + random.nextInt(120));
                    dev.udsotel.core.event.IoEvent event = FrameCaptureTest.captured(
                            fromClient ? clientCapture : serverCapture,
                            java.util.Arrays.copyOfRange(from, at, at + size),
                            fromClient ? EventKind.SEND : EventKind.RECEIVE,
                            random.nextInt(32));
                    if (random.nextInt(8) == 0) {
                        connection.lost(); // the source captured the call, the event went missing on the way
                    } else {
                        connection.onData(event, fromClient);
                    }
                    if (fromClient) {
                        c += size;
                    } else {
                        s += size;
                    }
                }
                connection.close();
                for (Http2Call call : calls) {
                    Http2Call expected = truth.get(call.streamId());
                    assertTrue(expected != null, capture + ": a stream that never was: " + call.streamId());
                    assertNoWrongField(expected.request(), call.request(), capture);
                    assertNoWrongField(expected.response(), call.response(), capture);
                    if (call.trailers() != null) {
                        assertNoWrongField(expected.trailers(), call.trailers(), capture);
                    }
                    String name = Http2ConnectionTest.decode(call).spanName();
                    String trueName = Http2ConnectionTest.decode(expected).spanName();
                    assertTrue(
                            name == null
                                    || name.equals(trueName)
                                    || name.equals(expected.request().value(":method") + " "
                                            + expected.request().value(":path")),
                            capture + ": wrong name " + name + " for " + trueName);
                }
            }
        }
    }

    @Test
    void mutatedAndSplitBytesNeverCrashTheDecoder() {
        SplittableRandom random = new SplittableRandom(20261205L);
        for (int round = 0; round < 8_000; round++) {
            String capture = CAPTURES[random.nextInt(CAPTURES.length)];
            byte[] client = mutate(Captures.bytes(capture + ".client"), random);
            byte[] server = mutate(Captures.bytes(capture + ".server"), random);
            List<Http2Call> calls = new ArrayList<>();
            Http2Connection connection = new Http2Connection(Captures.CLIENT, random.nextBoolean(), calls::add);
            int c = 0;
            int s = 0;
            while (c < client.length || s < server.length) {
                boolean fromClient = s >= server.length || (c < client.length && random.nextBoolean());
                byte[] from = fromClient ? client : server;
                int at = fromClient ? c : s;
                int size = Math.min(from.length - at, 1 + random.nextInt(64));
                int captured = random.nextInt(8) == 0 ? random.nextInt(size + 1) : size;
                byte[] piece = java.util.Arrays.copyOfRange(from, at, at + captured);
                connection.onData(
                        dev.udsotel.core.event.IoEvent.data(
                                Captures.CLIENT,
                                fromClient ? EventKind.SEND : EventKind.RECEIVE,
                                round,
                                round + 1,
                                size,
                                piece),
                        fromClient);
                if (random.nextInt(200) == 0) {
                    connection.lost();
                }
                if (fromClient) {
                    c += size;
                } else {
                    s += size;
                }
            }
            connection.close();
            for (Http2Call call : calls) {
                DecodedExchange decoded = Http2ConnectionTest.decode(call);
                assertTrue(decoded.attributes() != null);
            }
            assertEquals(0, connection.openStreams());
        }
    }

    @Test
    void randomHeaderBlocksNeverCrashHpack() {
        SplittableRandom random = new SplittableRandom(7541L);
        HpackDecoder decoder = new HpackDecoder();
        for (int round = 0; round < 200_000; round++) {
            byte[] block = new byte[random.nextInt(64)];
            random.nextBytes(block);
            if (random.nextInt(100) == 0) {
                decoder.lost();
            }
            HeaderBlock decoded = decoder.decode(block, block.length, random.nextBoolean());
            assertTrue(decoded.fields().size() <= HpackDecoder.MOST_FIELDS);
        }
    }

    private static void feedWithLosses(
            Http2Connection connection, List<byte[]> frames, boolean fromClient, SplittableRandom random) {
        for (int i = 0; i < frames.size(); i++) {
            if (random.nextInt(6) == 0) {
                connection.lost();
                continue;
            }
            connection.onData(
                    Captures.event(frames.get(i), fromClient ? EventKind.SEND : EventKind.RECEIVE, i), fromClient);
        }
    }

    private static void assertNoWrongField(HeaderBlock truth, HeaderBlock seen, String capture) {
        if (seen == HeaderBlock.MISSING || seen.fields().isEmpty()) {
            return;
        }
        if (truth == null || truth == HeaderBlock.MISSING) {
            throw new AssertionError(capture + ": a header block that never was: " + seen);
        }
        for (HeaderField field : seen.fields()) {
            if (field.certain()) {
                assertTrue(truth.fields().contains(field), capture + ": wrong field " + field + " not in " + truth);
            } else if (field.name() != null) {
                assertTrue(
                        truth.fields().stream().anyMatch(f -> f.name().equals(field.name())),
                        capture + ": wrong name " + field);
            }
        }
    }

    private static byte[] mutate(byte[] bytes, SplittableRandom random) {
        byte[] copy = bytes.clone();
        int changes = random.nextInt(4);
        for (int i = 0; i < changes && copy.length > 0; i++) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        if (random.nextInt(4) == 0 && copy.length > 0) {
            copy = java.util.Arrays.copyOf(copy, random.nextInt(copy.length));
        }
        return copy;
    }

    private static Map<Integer, Http2Call> byStream(List<Http2Call> calls) {
        Map<Integer, Http2Call> map = new HashMap<>();
        for (Http2Call call : calls) {
            map.put(call.streamId(), call);
        }
        return map;
    }
}
