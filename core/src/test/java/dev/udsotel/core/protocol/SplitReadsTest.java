package dev.udsotel.core.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.udsotel.core.conversation.ConversationListener;
import dev.udsotel.core.conversation.ConversationTracker;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * However the bytes of a request and its response are cut into calls — one write or many, reads of any size, as
 * sockets deliver them — the tracker assembles the same exchange and the decoders name and describe it the same.
 */
class SplitReadsTest {
    private static final long SEED = 0x5eed5117L;
    private static final int CAPTURE = 256;
    private static final String[][] CONVERSATIONS = {
        {"GET /containers/json?all=1 HTTP/1.1\r\nHost: docker\r\nAuthorization: Bearer s3cr3t-token\r\nUser-Agent: curl/7.88.1\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]"},
        {"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nCookie: session=abcdef123456\r\n\r\nhello",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"},
        {"*3\r\n$3\r\nSET\r\n$8\r\ngreeting\r\n$5\r\nhello\r\n", "+OK\r\n"},
        {"*2\r\n$4\r\nAUTH\r\n$17\r\nhunter2-s3cret-pw\r\n", "+OK\r\n"},
        {"Q\u0000\u0000\u0000\u0019SELECT * FROM users\u0000", "C\u0000\u0000\u0000\rSELECT 1\u0000Z\u0000\u0000\u0000\u0005I"},
    };

    @Test
    void decodesTheSameWhateverTheReadAndWriteSizes() {
        SplittableRandom random = new SplittableRandom(SEED);
        ProtocolDecoders decoders = new ProtocolDecoders();
        for (String[] conversation : CONVERSATIONS) {
            byte[] request = Exchanges.bytes(conversation[0]);
            byte[] response = Exchanges.bytes(conversation[1]);
            DecodedExchange whole = decoders.decode(assemble(request, response, new int[] {request.length},
                    new int[] {response.length}), Redaction.DEFAULT);
            for (int trial = 0; trial < 2_000; trial++) {
                Exchange split = assemble(request, response, cuts(random, request.length), cuts(random, response.length));
                DecodedExchange decoded = decoders.decode(split, Redaction.DEFAULT);
                String what = conversation[0] + " trial " + trial;
                assertEquals(whole.spanName(), decoded.spanName(), what);
                assertEquals(whole.attributes(), decoded.attributes(), what);
                assertArrayEquals(whole.requestPreview(), decoded.requestPreview(), what);
                assertArrayEquals(whole.responsePreview(), decoded.responsePreview(), what);
                assertEquals(request.length, split.request().totalBytes(), what);
                assertEquals(response.length, split.response().totalBytes(), what);
            }
        }
    }

    /** Random call sizes that add up to {@code length}: anything from one byte per call to one call. */
    private static int[] cuts(SplittableRandom random, int length) {
        List<Integer> sizes = new ArrayList<>();
        int left = length;
        int largest = 1 + random.nextInt(length);
        while (left > 0) {
            int size = Math.min(left, 1 + random.nextInt(largest));
            sizes.add(size);
            left -= size;
        }
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The calls a client makes, through the real tracker, as the agent or the sidecar would report them. */
    private static Exchange assemble(byte[] request, byte[] response, int[] writes, int[] reads) {
        List<Exchange> exchanges = new ArrayList<>();
        ConversationTracker tracker = new ConversationTracker(new ConversationListener() {
            @Override public void onHandshake(IoEvent e) {}
            @Override public void onExchange(Exchange e) { exchanges.add(e); }
        }, 1_000_000_000L, CAPTURE);
        Connection c = Exchanges.connection(Exchanges.SOCKET);
        long now = 0;
        int at = 0;
        for (int size : writes) {
            tracker.onEvent(IoEvent.data(c, EventKind.SEND, now, now + 1, size, Arrays.copyOfRange(request, at, at + size)));
            at += size;
            now += 10;
        }
        at = 0;
        for (int size : reads) {
            tracker.onEvent(IoEvent.data(c, EventKind.RECEIVE, now, now + 1, size, Arrays.copyOfRange(response, at, at + size)));
            at += size;
            now += 10;
        }
        tracker.flushAll();
        assertEquals(1, exchanges.size());
        return exchanges.get(0);
    }
}
