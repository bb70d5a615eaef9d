package dev.udsotel.core.conversation;

import static org.junit.jupiter.api.Assertions.*;

import dev.udsotel.core.event.Ancillary;
import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.Credentials;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.PassedDescriptor;
import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.event.SocketType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationTrackerTest {
    private static final long MS = 1_000_000L;
    private final List<Exchange> exchanges = new ArrayList<>();
    private final List<Connection> closed = new ArrayList<>();
    private final ConversationTracker tracker = new ConversationTracker(
            new ConversationListener() {
                @Override
                public void onHandshake(IoEvent e) {}

                @Override
                public void onExchange(Exchange e) {
                    exchanges.add(e);
                }

                @Override
                public void onClosed(Connection c) {
                    closed.add(c);
                }
            },
            1000 * MS,
            8);

    private static Connection connection(Role role) {
        return new Connection(
                1, "/run/test.sock", role, SocketType.STREAM, new ProcessIdentity(42, "java", "test", null));
    }

    private static IoEvent data(Connection c, EventKind kind, long atMs, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return IoEvent.data(c, kind, atMs * MS, atMs * MS + 10, bytes.length, bytes);
    }

    @Test
    void clientExchangeIsWhatItSendsFollowedByWhatComesBack() {
        Connection c = connection(Role.CLIENT);
        tracker.onEvent(data(c, EventKind.SEND, 0, "GET /"));
        tracker.onEvent(data(c, EventKind.SEND, 1, " HTTP/1.1"));
        tracker.onEvent(data(c, EventKind.RECEIVE, 5, "HTTP/1.1 200"));
        tracker.onEvent(data(c, EventKind.RECEIVE, 6, " OK"));
        tracker.onEvent(data(c, EventKind.SEND, 10, "GET /2"));
        assertEquals(1, exchanges.size());
        Exchange e = exchanges.get(0);
        assertEquals(14, e.request().totalBytes());
        assertEquals("GET / HT", new String(e.request().prefix(), StandardCharsets.US_ASCII));
        assertTrue(e.request().truncated());
        assertEquals(15, e.response().totalBytes());
        assertEquals(0, e.startNanos());
        assertEquals(5 * MS + 10, e.firstResponseNanos());
        assertEquals(6 * MS + 10, e.endNanos());
        assertEquals(4, e.messages());
        assertFalse(e.isBurst());
    }

    @Test
    void anExchangeKeepsTheFirstMessagesThatPassedDescriptorsAndCountsEveryDescriptor() {
        Connection c = connection(Role.CLIENT);
        PassedDescriptor pipe = new PassedDescriptor(PassedDescriptor.Type.PIPE, 77, "", "", "");
        Ancillary twoFds = new Ancillary(2, List.of(pipe), new Credentials(42, 0, 0));
        for (int i = 0; i < PassedAlong.MAX_PER_EXCHANGE + 2; i++) {
            tracker.onEvent(new IoEvent(
                    c,
                    EventKind.SEND,
                    i * MS,
                    i * MS + 10,
                    1,
                    new byte[] {'x'},
                    null,
                    null,
                    IoEvent.TURN_NOT_COUNTED,
                    twoFds));
        }
        tracker.onEvent(data(c, EventKind.SEND, 20, "plain"));
        tracker.onEvent(data(c, EventKind.RECEIVE, 21, "ok"));
        tracker.flushAll();

        Exchange e = exchanges.get(0);
        assertEquals(2L * (PassedAlong.MAX_PER_EXCHANGE + 2), e.passedFds());
        assertEquals(PassedAlong.MAX_PER_EXCHANGE, e.passedAlong().size());
        assertEquals(
                new PassedAlong(10, EventKind.SEND, twoFds), e.passedAlong().get(0));
    }

    @Test
    void aRequestHandedOverAfterItsAnswerStillGetsThatAnswer() {
        Connection c = connection(Role.CLIENT);
        tracker.onEvent(data(c, EventKind.SEND, 0, "GET /1"));
        tracker.onEvent(data(c, EventKind.RECEIVE, 5, "200 one"));
        // the next write began at 10 ms, but its event comes after the answer's, which returned at 12 ms
        tracker.onEvent(data(c, EventKind.RECEIVE, 12, "404 two"));
        tracker.onEvent(data(c, EventKind.SEND, 10, "GET /2"));
        tracker.onEvent(data(c, EventKind.SEND, 20, "GET /3"));
        assertEquals(2, exchanges.size());
        assertEquals("GET /1", text(exchanges.get(0).request()));
        assertEquals("200 one", text(exchanges.get(0).response()));
        assertEquals("GET /2", text(exchanges.get(1).request()));
        assertEquals("404 two", text(exchanges.get(1).response()));
        assertEquals(10 * MS, exchanges.get(1).startNanos());
    }

    @Test
    void aResponseHandedOverAfterTheNextRequestEndsItsOwnExchange() {
        Connection c = connection(Role.SERVER);
        tracker.onEvent(data(c, EventKind.RECEIVE, 0, "GET /1"));
        // the server's answer began at 3 ms; the next request, read at 6 ms, is handed over first
        tracker.onEvent(data(c, EventKind.RECEIVE, 6, "GET /2"));
        tracker.onEvent(data(c, EventKind.SEND, 3, "200 one"));
        tracker.onEvent(data(c, EventKind.SEND, 8, "200 two"));
        tracker.flushAll();
        assertEquals(2, exchanges.size());
        assertEquals("GET /1", text(exchanges.get(0).request()));
        assertEquals("200 one", text(exchanges.get(0).response()));
        assertEquals("GET /2", text(exchanges.get(1).request()));
        assertEquals("200 two", text(exchanges.get(1).response()));
    }

    private static String text(Captured captured) {
        return new String(captured.prefix(), StandardCharsets.US_ASCII);
    }

    @Test
    void serverExchangeIsWhatItReceivesFollowedByWhatItSends() {
        Connection c = connection(Role.SERVER);
        tracker.onEvent(data(c, EventKind.RECEIVE, 0, "PING"));
        tracker.onEvent(data(c, EventKind.SEND, 1, "PONG"));
        tracker.onEvent(data(c, EventKind.RECEIVE, 2, "PING"));
        tracker.onEvent(IoEvent.lifecycle(c, EventKind.CLOSE, 3 * MS, 3 * MS, null));
        assertEquals(2, exchanges.size());
        assertEquals("PING", new String(exchanges.get(0).request().prefix(), StandardCharsets.US_ASCII));
        assertEquals("PONG", new String(exchanges.get(0).response().prefix(), StandardCharsets.US_ASCII));
        assertTrue(exchanges.get(1).isBurst(), "the unanswered last request is reported on close as a burst");
        assertEquals(List.of(c), closed);
    }

    @Test
    void oneWayTrafficSplitsIntoBurstsAtTheIdleGap() {
        Connection c = connection(Role.CLIENT);
        tracker.onEvent(data(c, EventKind.SEND, 0, "log1"));
        tracker.onEvent(data(c, EventKind.SEND, 500, "log2"));
        tracker.onEvent(data(c, EventKind.SEND, 2000, "log3"));
        assertEquals(1, exchanges.size());
        assertEquals(8, exchanges.get(0).request().totalBytes());
        assertTrue(exchanges.get(0).isBurst());
    }

    @Test
    void aSlowResponseStillCompletesItsExchange() {
        Connection c = connection(Role.CLIENT);
        tracker.onEvent(data(c, EventKind.SEND, 0, "SLOW"));
        tracker.flushIdle(5000 * MS);
        tracker.onEvent(data(c, EventKind.RECEIVE, 5000, "DONE"));
        tracker.flushIdle(7000 * MS);
        assertEquals(1, exchanges.size());
        assertFalse(exchanges.get(0).isBurst());
    }

    @Test
    void idleFlushReportsAnsweredExchangeAfterTheGap() {
        Connection c = connection(Role.CLIENT);
        tracker.onEvent(data(c, EventKind.SEND, 0, "a"));
        tracker.onEvent(data(c, EventKind.RECEIVE, 1, "b"));
        tracker.flushIdle(500 * MS);
        assertTrue(exchanges.isEmpty());
        tracker.flushIdle(1500 * MS);
        assertEquals(1, exchanges.size());
    }

    @Test
    void unansweredRequestIsReportedAsBurstAfterTheResponseWaitLimit() {
        Connection c = connection(Role.CLIENT);
        tracker.onEvent(data(c, EventKind.SEND, 0, "hello?"));
        tracker.flushIdle(ConversationTracker.MAX_WAIT_FOR_RESPONSE_NANOS - MS);
        assertTrue(exchanges.isEmpty());
        tracker.flushIdle(ConversationTracker.MAX_WAIT_FOR_RESPONSE_NANOS + MS);
        assertEquals(1, exchanges.size());
        assertTrue(exchanges.get(0).isBurst());
    }

    @Test
    void peersTakeTheFirstDirectionSeenAsTheRequest() {
        Connection c = connection(Role.PEER);
        tracker.onEvent(data(c, EventKind.RECEIVE, 0, "q"));
        tracker.onEvent(data(c, EventKind.SEND, 1, "a"));
        tracker.onEvent(data(c, EventKind.RECEIVE, 2, "q"));
        assertEquals(1, exchanges.size());
        assertEquals("q", new String(exchanges.get(0).request().prefix(), StandardCharsets.US_ASCII));
    }

    @Test
    void zeroCaptureLimitCountsBytesButKeepsNone() {
        ConversationTracker blind = new ConversationTracker(
                new ConversationListener() {
                    @Override
                    public void onHandshake(IoEvent e) {}

                    @Override
                    public void onExchange(Exchange e) {
                        exchanges.add(e);
                    }
                },
                1000 * MS,
                0);
        Connection c = connection(Role.CLIENT);
        blind.onEvent(data(c, EventKind.SEND, 0, "secret"));
        blind.flushAll();
        assertEquals(6, exchanges.get(0).request().totalBytes());
        assertEquals(0, exchanges.get(0).request().prefix().length);
    }

    @Test
    void lostEventsDiscardTheOpenExchangeRatherThanJoinTwoRequests() {
        Connection c = connection(Role.CLIENT);
        tracker.onEvent(data(c, EventKind.SEND, 0, "req1"));
        tracker.onEvent(IoEvent.lifecycle(c, EventKind.GAP, MS, MS, null));
        tracker.onEvent(data(c, EventKind.SEND, 2, "req2"));
        tracker.onEvent(data(c, EventKind.RECEIVE, 3, "resp2"));
        tracker.flushAll();
        assertEquals(1, exchanges.size());
        assertEquals("req2", new String(exchanges.get(0).request().prefix(), StandardCharsets.US_ASCII));
        assertEquals(1, tracker.discardedExchanges());
    }

    @Test
    void aResponseAfterLossesBeforeTheFirstRequestWaitsForTheNextRequest() {
        Connection c = connection(Role.CLIENT);
        tracker.onEvent(IoEvent.lifecycle(c, EventKind.GAP, MS, MS, null)); // the first request was lost
        tracker.onEvent(data(c, EventKind.RECEIVE, 1, "resp1"));
        tracker.onEvent(data(c, EventKind.SEND, 2, "req2"));
        tracker.onEvent(data(c, EventKind.RECEIVE, 3, "resp2"));
        tracker.flushAll();
        assertEquals(1, exchanges.size());
        assertEquals("req2", new String(exchanges.get(0).request().prefix(), StandardCharsets.US_ASCII));
        assertEquals("resp2", new String(exchanges.get(0).response().prefix(), StandardCharsets.US_ASCII));
    }

    @Test
    void dropsOfUnknownOriginDiscardEveryOpenExchange() {
        Connection a = connection(Role.CLIENT);
        Connection b = new Connection(2, "/run/other.sock", Role.SERVER, SocketType.STREAM, a.process());
        tracker.onEvent(data(a, EventKind.SEND, 0, "a"));
        tracker.onEvent(data(b, EventKind.RECEIVE, 0, "b"));
        tracker.discardAllOpen();
        tracker.flushAll();
        assertTrue(exchanges.isEmpty());
        assertEquals(2, tracker.discardedExchanges());
    }

    @Test
    void capturesTheSamePrefixWhetherAMessageArrivesWholeOrInPiecesAndLeavesTheEventsPayloadsAlone() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(20261129);
        Connection c = connection(Role.CLIENT);
        for (int round = 0; round < 2_000; round++) {
            byte[] message = new byte[random.nextInt(1, 20)];
            random.nextBytes(message);
            List<byte[]> payloads = new ArrayList<>();
            for (int at = 0; at < message.length; ) {
                int size = random.nextInt(1, message.length - at + 1);
                payloads.add(java.util.Arrays.copyOfRange(message, at, at + size));
                at += size;
            }
            List<byte[]> untouched = payloads.stream().map(byte[]::clone).toList();
            long t = round * 10_000L;
            for (byte[] payload : payloads) {
                tracker.onEvent(IoEvent.data(c, EventKind.SEND, t * MS, t * MS + 1, payload.length, payload));
            }
            byte[] answer = {(byte) round};
            tracker.onEvent(IoEvent.data(c, EventKind.RECEIVE, (t + 1) * MS, (t + 1) * MS + 1, 1, answer));
            tracker.onEvent(data(c, EventKind.SEND, t + 2, "next"));
            Exchange e = exchanges.get(exchanges.size() - 1);
            assertArrayEquals(
                    java.util.Arrays.copyOf(message, Math.min(8, message.length)),
                    e.request().prefix());
            assertEquals(message.length, e.request().totalBytes());
            assertArrayEquals(answer, e.response().prefix());
            for (int i = 0; i < payloads.size(); i++) {
                assertArrayEquals(untouched.get(i), payloads.get(i));
            }
            tracker.onEvent(IoEvent.data(c, EventKind.RECEIVE, (t + 3) * MS, (t + 3) * MS + 1, 1, answer));
        }
    }
}
