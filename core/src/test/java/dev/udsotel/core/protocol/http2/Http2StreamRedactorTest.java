package dev.udsotel.core.protocol.http2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.protocol.ConnectionRedactor;
import dev.udsotel.core.protocol.ConnectionRedactor.Outcome;
import dev.udsotel.core.redaction.Redaction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The sidecar's per-message outputs of an HTTP/2 connection: secrets overwritten, framing kept for tshark. */
class Http2StreamRedactorTest {
    private static final String[] CAPTURES = {
        "grpc-python-calls", "curl-get-cookie", "curl-get-query", "curl-get-404", "curl-post-auth",
    };

    /** Both directions of a capture through one connection end's redactor, cut into pieces at random. */
    private record Redacted(byte[] client, byte[] server) {
        List<Http2Call> calls() {
            List<Http2Call> calls = new ArrayList<>();
            Http2Connection connection = new Http2Connection(Captures.CLIENT, true, calls::add);
            connection.onData(Captures.event(client, EventKind.SEND, 10), true);
            connection.onData(Captures.event(server, EventKind.RECEIVE, 20), false);
            connection.close();
            return calls;
        }

        String text() {
            return new String(client, StandardCharsets.ISO_8859_1) + new String(server, StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * Both directions through one connection end's redactor, in messages of one to three whole frames (as peers
     * write them) or, with {@code anyCuts}, cut anywhere.
     */
    private static Redacted redact(String capture, Redaction redaction, SplittableRandom random, boolean anyCuts) {
        List<byte[]> client = pieces(Captures.bytes(capture + ".client"), random, anyCuts);
        List<byte[]> server = pieces(Captures.bytes(capture + ".server"), random, anyCuts);
        ConnectionRedactor end = new ConnectionRedactor(Captures.CLIENT, redaction);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int c = 0;
        int s = 0;
        while (c < client.size() || s < server.size()) {
            boolean fromClient = s >= server.size() || (c < client.size() && (c == 0 || random.nextBoolean()));
            byte[] piece = (fromClient ? client.get(c++) : server.get(s++)).clone();
            Outcome outcome = end.redact(fromClient, piece, piece.length);
            assertNotEquals(Outcome.WITHHELD, outcome, capture);
            (fromClient ? sent : received).writeBytes(piece);
        }
        return new Redacted(sent.toByteArray(), received.toByteArray());
    }

    private static List<byte[]> pieces(byte[] bytes, SplittableRandom random, boolean anyCuts) {
        List<byte[]> pieces = new ArrayList<>();
        if (anyCuts) {
            int at = Http2Preface.startsWith(bytes) ? Http2Preface.LENGTH : 0;
            if (at > 0) {
                pieces.add(Arrays.copyOf(bytes, at));
            }
            while (at < bytes.length) {
                int size = Math.min(bytes.length - at, 1 + random.nextInt(60));
                pieces.add(Arrays.copyOfRange(bytes, at, at + size));
                at += size;
            }
            return pieces;
        }
        List<byte[]> frames = Captures.frames(bytes);
        for (int i = 0; i < frames.size(); ) {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            for (int n = 1 + random.nextInt(3); n > 0 && i < frames.size(); n--) {
                message.writeBytes(frames.get(i++));
            }
            pieces.add(message.toByteArray());
        }
        return pieces;
    }

    @Test
    void overwritesCredentialHeaderValuesAndKeepsEveryCallDecodable() {
        SplittableRandom random = new SplittableRandom(20261205L);
        for (String capture : CAPTURES) {
            List<Http2Call> original = Captures.calls(capture);
            for (int round = 0; round < 100; round++) {
                boolean anyCuts = round % 2 == 1;
                Redacted redacted = redact(capture, Redaction.DEFAULT, random, anyCuts);
                List<Http2Call> calls = redacted.calls();
                assertEquals(original.size(), calls.size(), capture + ": framing kept, so are the calls");
                for (int i = 0; i < calls.size(); i++) {
                    Http2Call call = calls.get(i);
                    assertFalse(call.headerBlocksLost(), capture + ": every header block still decodes");
                    String name = name(call);
                    if (!anyCuts || (name != null && !name.matches("GET \\*+"))) {
                        // a :path cut by a message boundary is not read whole, so it is overwritten
                        assertEquals(name(original.get(i)), name, capture);
                    }
                    assertEquals(original.get(i).requestBytes(), call.requestBytes(), capture);
                    assertEquals(original.get(i).responseBytes(), call.responseBytes(), capture);
                    for (String header : List.of("authorization", "cookie")) {
                        String value = call.request().value(header);
                        if (value != null) {
                            assertTrue(value.matches("\\*+"), capture + ": " + header + " = " + value);
                        }
                    }
                }
                String all = redacted.text();
                for (String secret : List.of("s3cret-token", "abc123secret", "tok-h2-secret")) {
                    assertFalse(all.contains(secret), capture + " leaks " + secret);
                }
            }
        }
    }

    @Test
    void grpcMessagesAndBodiesBecomeZerosUnlessTheSocketIsOptedIn() {
        SplittableRandom random = new SplittableRandom(7L);
        Redacted withheld = redact("grpc-python-calls", Redaction.DEFAULT, random, false);
        assertFalse(withheld.text().contains("hello world"), "a response message");
        assertFalse(withheld.text().contains("item-1"), "a streamed message");
        Redacted curl = redact("curl-post-auth", Redaction.DEFAULT, random, true);
        assertFalse(curl.text().contains("name=value"), "a request body");

        Redacted revealed =
                redact("grpc-python-calls", new Redaction(true, List.of(Captures.CLIENT.socketPath())), random, false);
        assertTrue(revealed.text().contains("hello world"), "opted in: messages as captured");
        assertFalse(revealed.text().contains("s3cret-token"), "opted in to raw bodies, headers still redacted");
    }

    @Test
    void changesNothingWithRedactionOff() {
        Redacted off = redact("grpc-python-calls", Redaction.OFF, new SplittableRandom(1L), true);
        assertArrayEquals(Captures.bytes("grpc-python-calls.client"), off.client());
        assertArrayEquals(Captures.bytes("grpc-python-calls.server"), off.server());
    }

    @Test
    void zeroesWhatItCannotFollowAfterAFrameHeaderWentUncapturedThenResumesOnWholeFrames() {
        byte[] client = Captures.bytes("grpc-python-calls.client");
        List<byte[]> frames = Captures.frames(client);
        Http2StreamRedactor requests = new Http2StreamRedactor(true, true);
        requests.redact(frames.get(0).clone(), frames.get(0).length); // the preface
        byte[] cut = frames.get(1).clone();
        requests.redact(Arrays.copyOf(cut, 3), cut.length + 9); // a frame, then the next one's header, uncaptured
        byte[] unsure = "authorization: Bearer s3cret-token".getBytes(StandardCharsets.ISO_8859_1);
        requests.redact(unsure, unsure.length + 100);
        assertTrue(new String(unsure, StandardCharsets.ISO_8859_1).chars().allMatch(ch -> ch == 0), "framing lost");

        byte[] whole = frames.get(frames.size() - 1).clone();
        byte[] before = whole.clone();
        requests.redact(whole, whole.length);
        assertArrayEquals(
                Arrays.copyOf(before, Frame.HEADER_LENGTH),
                Arrays.copyOf(whole, Frame.HEADER_LENGTH),
                "whole frames start it again");
    }

    @Test
    void neverThrowsOnArbitraryBytes() {
        SplittableRandom random = new SplittableRandom(99L);
        for (int round = 0; round < 2_000; round++) {
            Http2StreamRedactor redactor = new Http2StreamRedactor(true, random.nextBoolean());
            for (int piece = 0; piece < 8; piece++) {
                byte[] bytes = new byte[random.nextInt(80)];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) random.nextInt(256);
                }
                if (random.nextInt(4) == 0 && bytes.length > Frame.HEADER_LENGTH) {
                    bytes[3] = (byte) random.nextInt(10); // a known frame type now and then
                    bytes[0] = 0;
                    bytes[1] = 0;
                }
                redactor.redact(bytes, bytes.length + (random.nextInt(5) == 0 ? random.nextInt(100) : 0));
            }
        }
    }

    private static String name(Http2Call call) {
        return Http2CallDecoder.decode(call, Captures.CLIENT.role(), Redaction.OFF)
                .spanName();
    }
}
