package dev.udsotel.core.protocol.fuzz;

import static dev.udsotel.core.protocol.fuzz.Wire.concat;
import static dev.udsotel.core.protocol.fuzz.Wire.cstring;
import static dev.udsotel.core.protocol.fuzz.Wire.int16;
import static dev.udsotel.core.protocol.fuzz.Wire.int32;
import static dev.udsotel.core.protocol.fuzz.Wire.latin1;
import static dev.udsotel.core.protocol.fuzz.Wire.typed;

import dev.udsotel.core.conversation.ConversationListener;
import dev.udsotel.core.conversation.ConversationTracker;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.payload.PayloadText;
import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.protocol.Exchanges;
import dev.udsotel.core.protocol.ProtocolDecoders;
import dev.udsotel.core.redaction.Redaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * However the bytes of a request and its response are cut into calls (one call per protocol message, several
 * messages coalesced into one call, or calls cut anywhere, as sockets deliver them), the real tracker assembles the
 * same exchange and the decoders name and describe it the same. Inputs: 20,000 tries, each one of ten conversations
 * delivered three ways.
 */
class SplitReadsTest {
    private static final int CAPTURE = 256;
    /** Each conversation: the request's messages, then the response's. */
    private static final List<List<List<byte[]>>> CONVERSATIONS = List.of(
            conversation(
                    List.of("GET /containers/json?all=1 HTTP/1.1\r\nHost: docker\r\nAuthorization: Bearer "
                            + "s3cr3t-token\r\nUser-Agent: curl/7.88.1\r\n\r\n"),
                    List.of("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n", "[]")),
            conversation(
                    List.of(
                            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nCookie: session=abcdef123456"
                                    + "\r\n\r\n",
                            "hello"),
                    List.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "5\r\nhello\r\n", "0\r\n\r\n")),
            conversation(
                    List.of("GET /a HTTP/1.1\r\nHost: x\r\n\r\n", "GET /b HTTP/1.1\r\nHost: x\r\n\r\n"),
                    List.of("HTTP/1.1 204 No Content\r\n\r\n", "HTTP/1.1 204 No Content\r\n\r\n")),
            conversation(List.of("*3\r\n$3\r\nSET\r\n$8\r\ngreeting\r\n$5\r\nhello\r\n"), List.of("+OK\r\n")),
            conversation(
                    List.of(
                            "*2\r\n$4\r\nAUTH\r\n$17\r\nhunter2-s3cret-pw\r\n",
                            "*1\r\n$4\r\nPING\r\n",
                            "*2\r\n$3\r\nGET\r\n$8\r\ngreeting\r\n"),
                    List.of("+OK\r\n", "+PONG\r\n", "$5\r\nhello\r\n")),
            conversation(List.of("AUTH hunter2\r\n", "PING\r\n"), List.of("+OK\r\n", "+PONG\r\n")),
            List.of(
                    List.of(typed('Q', cstring("SELECT * FROM users"))),
                    List.of(typed('C', cstring("SELECT 1")), typed('Z', latin1("I")))),
            List.of(
                    List.of(
                            typed('P', cstring(""), cstring("SELECT name FROM users WHERE id = $1"), int16(0)),
                            typed('B', cstring(""), cstring(""), int16(0), int16(1), int32(1), latin1("7"), int16(0)),
                            typed('E', cstring(""), int32(0)),
                            typed('S')),
                    List.of(
                            typed('1'),
                            typed('2'),
                            typed('D', int16(1), int32(3), latin1("ann")),
                            typed('C', cstring("SELECT 1")),
                            typed('Z', latin1("I")))),
            List.of(
                    List.of(typed('p', cstring("Clear-s3cret-Passw0rd"))),
                    List.of(typed('R', int32(0)), typed('Z', latin1("I")))),
            conversation(
                    List.of("POST /build HTTP/1.1\r\nHost: docker\r\nContent-Length: 400\r\n\r\n", "x".repeat(400)),
                    List.of("HTTP/1.1 200 OK\r\nContent-Length: 300\r\n\r\n", "y".repeat(300))));

    private record Delivery(int conversation, int[] writes, int[] reads) {
        @Override
        public String toString() {
            List<List<byte[]>> c = CONVERSATIONS.get(conversation);
            return "conversation " + conversation + " written as " + pieces(joined(c.get(0)), writes) + " read as "
                    + pieces(joined(c.get(1)), reads);
        }
    }

    @Test
    void decodesTheSameWhetherMessagesComeWholeCoalescedOrSplitAnywhere() {
        ProtocolDecoders decoders = new ProtocolDecoders();
        Property.forAll("tracker and decoders: whole, coalesced and split deliveries", SplitReadsTest::delivery)
                .tries(20_000)
                .seed(0x5eed5117L)
                .shrinkingWith(SplitReadsTest::fewerCalls)
                .check(d -> {
                    List<List<byte[]>> conversation = CONVERSATIONS.get(d.conversation());
                    byte[] request = joined(conversation.get(0));
                    byte[] response = joined(conversation.get(1));
                    DecodedExchange whole = decoders.decode(
                            assemble(request, response, sizes(conversation.get(0)), sizes(conversation.get(1))),
                            Redaction.DEFAULT);
                    DecodedExchange coalesced = decoders.decode(
                            assemble(request, response, new int[] {request.length}, new int[] {response.length}),
                            Redaction.DEFAULT);
                    Exchange split = assemble(request, response, d.writes(), d.reads());
                    if (split.request().totalBytes() != request.length
                            || split.response().totalBytes() != response.length) {
                        throw new AssertionError("byte counts differ: " + split);
                    }
                    DecoderContract.requireSame(whole, coalesced);
                    DecoderContract.requireSame(whole, decoders.decode(split, Redaction.DEFAULT));
                });
    }

    private static Delivery delivery(SplittableRandom random) {
        int index = random.nextInt(CONVERSATIONS.size());
        List<List<byte[]>> conversation = CONVERSATIONS.get(index);
        return new Delivery(
                index,
                cuts(random, joined(conversation.get(0)).length),
                cuts(random, joined(conversation.get(1)).length));
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

    /** The same delivery with two neighbouring calls joined. */
    private static Iterator<Delivery> fewerCalls(Delivery d) {
        List<Delivery> fewer = new ArrayList<>();
        for (int k = 0; k + 1 < d.writes().length; k++) {
            fewer.add(new Delivery(d.conversation(), joined(d.writes(), k), d.reads()));
        }
        for (int k = 0; k + 1 < d.reads().length; k++) {
            fewer.add(new Delivery(d.conversation(), d.writes(), joined(d.reads(), k)));
        }
        return fewer.iterator();
    }

    private static int[] joined(int[] sizes, int k) {
        int[] fewer = new int[sizes.length - 1];
        System.arraycopy(sizes, 0, fewer, 0, k);
        fewer[k] = sizes[k] + sizes[k + 1];
        System.arraycopy(sizes, k + 2, fewer, k + 1, sizes.length - k - 2);
        return fewer;
    }

    private static int[] sizes(List<byte[]> messages) {
        return messages.stream().mapToInt(m -> m.length).toArray();
    }

    /** The calls a client makes, through the real tracker, as the agent or the sidecar would report them. */
    private static Exchange assemble(byte[] request, byte[] response, int[] writes, int[] reads) {
        List<Exchange> exchanges = new ArrayList<>();
        ConversationTracker tracker = new ConversationTracker(
                new ConversationListener() {
                    @Override
                    public void onHandshake(IoEvent e) {}

                    @Override
                    public void onExchange(Exchange e) {
                        exchanges.add(e);
                    }
                },
                1_000_000_000L,
                CAPTURE);
        Connection c = Exchanges.connection(Exchanges.SOCKET);
        long now = 0;
        int at = 0;
        for (int size : writes) {
            tracker.onEvent(
                    IoEvent.data(c, EventKind.SEND, now, now + 1, size, Arrays.copyOfRange(request, at, at + size)));
            at += size;
            now += 10;
        }
        at = 0;
        for (int size : reads) {
            tracker.onEvent(IoEvent.data(
                    c, EventKind.RECEIVE, now, now + 1, size, Arrays.copyOfRange(response, at, at + size)));
            at += size;
            now += 10;
        }
        tracker.flushAll();
        if (exchanges.size() != 1) {
            throw new AssertionError(exchanges.size() + " exchanges instead of one");
        }
        return exchanges.get(0);
    }

    private static List<List<byte[]>> conversation(List<String> request, List<String> response) {
        return List.of(
                request.stream().map(Wire::latin1).toList(),
                response.stream().map(Wire::latin1).toList());
    }

    private static byte[] joined(List<byte[]> messages) {
        return concat(messages.toArray(byte[][]::new));
    }

    private static String pieces(byte[] bytes, int[] sizes) {
        List<String> pieces = new ArrayList<>();
        int at = 0;
        for (int size : sizes) {
            pieces.add(PayloadText.render(bytes, at, size));
            at += size;
        }
        return pieces.toString();
    }
}
