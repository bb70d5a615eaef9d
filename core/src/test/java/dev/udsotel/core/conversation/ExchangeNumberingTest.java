package dev.udsotel.core.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.event.SocketType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both ends number a connection's request turns alike, and a number that is not sure is not given. */
class ExchangeNumberingTest {
    private static final long MS = 1_000_000L;
    private final List<Exchange> exchanges = new ArrayList<>();
    private final ConversationTracker tracker = new ConversationTracker(
            new ConversationListener() {
                @Override
                public void onHandshake(IoEvent e) {}

                @Override
                public void onExchange(Exchange e) {
                    exchanges.add(e);
                }
            },
            1000 * MS,
            64);

    private static Connection connection(Role role) {
        return new Connection(
                1, "/run/test.sock", role, SocketType.STREAM, new ProcessIdentity(42, "redis", "redis", null));
    }

    private void handshake(Connection c) {
        tracker.onEvent(
                IoEvent.lifecycle(c, c.role() == Role.CLIENT ? EventKind.CONNECT : EventKind.ACCEPT, 0, 1, null));
    }

    private void data(Connection c, EventKind kind, long atMs) {
        tracker.onEvent(IoEvent.data(c, kind, atMs * MS, atMs * MS + 10, 4, new byte[0]));
    }

    private void counted(Connection c, EventKind kind, long atMs, long turn) {
        tracker.onEvent(new IoEvent(c, kind, atMs * MS, atMs * MS + 10, 4, new byte[0], null, null, turn));
    }

    private List<Long> sequences() {
        tracker.flushAll();
        return exchanges.stream().map(Exchange::sequence).toList();
    }

    @Test
    void clientAndServerNumberTheSameTurnsFromOne() {
        Connection client = connection(Role.CLIENT);
        handshake(client);
        for (int i = 0; i < 3; i++) {
            data(client, EventKind.SEND, 10 * i);
            data(client, EventKind.SEND, 10 * i + 1);
            data(client, EventKind.RECEIVE, 10 * i + 2);
        }
        assertEquals(List.of(1L, 2L, 3L), sequences());

        exchanges.clear();
        Connection server = connection(Role.SERVER);
        handshake(server);
        for (int i = 0; i < 3; i++) {
            data(server, EventKind.RECEIVE, 10 * i);
            data(server, EventKind.SEND, 10 * i + 2);
            data(server, EventKind.SEND, 10 * i + 3);
        }
        assertEquals(List.of(1L, 2L, 3L), sequences());
    }

    @Test
    void aGreetingBeforeTheFirstRequestIsNotATurn() {
        Connection client = connection(Role.CLIENT);
        handshake(client);
        data(client, EventKind.RECEIVE, 0);
        data(client, EventKind.SEND, 10);
        data(client, EventKind.RECEIVE, 11);
        assertEquals(List.of(Exchange.UNNUMBERED, 1L), sequences());
    }

    @Test
    void theRestOfATurnSplitByTheIdleGapIsNotNumberedAgain() {
        Connection server = connection(Role.SERVER);
        handshake(server);
        data(server, EventKind.RECEIVE, 0);
        data(server, EventKind.SEND, 1);
        data(server, EventKind.SEND, 3000); // pushed after the idle gap: a burst of the same turn
        data(server, EventKind.RECEIVE, 3010);
        data(server, EventKind.SEND, 3011);
        assertEquals(List.of(1L, Exchange.UNNUMBERED, 2L), sequences());
    }

    @Test
    void aConnectionMetAfterItsStartIsNotNumbered() {
        Connection client = connection(Role.CLIENT);
        data(client, EventKind.SEND, 0);
        data(client, EventKind.RECEIVE, 1);
        data(client, EventKind.SEND, 2);
        data(client, EventKind.RECEIVE, 3);
        assertEquals(List.of(Exchange.UNNUMBERED, Exchange.UNNUMBERED), sequences());
    }

    @Test
    void afterALossTheTrackerStopsNumberingItsOwnCount() {
        Connection client = connection(Role.CLIENT);
        handshake(client);
        data(client, EventKind.SEND, 0);
        data(client, EventKind.RECEIVE, 1);
        data(client, EventKind.SEND, 2); // ends turn 1; turn 2 is lost with the events after it
        tracker.onEvent(IoEvent.lifecycle(client, EventKind.GAP, 2 * MS + 20, 2 * MS + 20, null));
        data(client, EventKind.SEND, 3);
        data(client, EventKind.RECEIVE, 4);
        assertEquals(List.of(1L, Exchange.UNNUMBERED), sequences());
    }

    @Test
    void aLossAnywhereStopsTheCountOfEveryConnectionAndOfThoseNotYetStarted() {
        Connection client = connection(Role.CLIENT);
        Connection server = connection(Role.SERVER);
        handshake(client);
        handshake(server);
        data(client, EventKind.SEND, 0);
        data(client, EventKind.RECEIVE, 1);
        data(client, EventKind.SEND, 2);
        tracker.discardAllOpen();
        data(client, EventKind.SEND, 3);
        data(client, EventKind.RECEIVE, 4);
        data(server, EventKind.RECEIVE, 5);
        data(server, EventKind.SEND, 6);
        assertEquals(List.of(1L, Exchange.UNNUMBERED, Exchange.UNNUMBERED), sequences());
    }

    @Test
    void aSourceCountOutlivesLostAndShedExchanges() {
        Connection client = connection(Role.CLIENT);
        counted(client, EventKind.SEND, 0, 1);
        counted(client, EventKind.RECEIVE, 1, IoEvent.TURN_NOT_COUNTED);
        // turn 2 was shed whole; turn 3's response was lost, so the tracker hears of a gap
        counted(client, EventKind.SEND, 20, 3);
        tracker.onEvent(IoEvent.lifecycle(client, EventKind.GAP, 25 * MS, 25 * MS, null));
        counted(client, EventKind.SEND, 30, 4);
        counted(client, EventKind.RECEIVE, 31, IoEvent.TURN_NOT_COUNTED);
        assertEquals(List.of(1L, 4L), sequences());
    }

    @Test
    void aSourceThatCannotKnowTheNumberIsBelieved() {
        Connection server = connection(Role.SERVER);
        handshake(server);
        counted(server, EventKind.RECEIVE, 0, IoEvent.TURN_UNKNOWN);
        counted(server, EventKind.SEND, 1, IoEvent.TURN_NOT_COUNTED);
        counted(server, EventKind.RECEIVE, 2, IoEvent.TURN_UNKNOWN);
        counted(server, EventKind.SEND, 3, IoEvent.TURN_NOT_COUNTED);
        assertEquals(List.of(Exchange.UNNUMBERED, Exchange.UNNUMBERED), sequences());
    }

    @Test
    void aSourceThatHandsTheCountBackLeavesItToTheTrackersOwnCount() {
        Connection client = connection(Role.CLIENT);
        handshake(client);
        counted(client, EventKind.SEND, 0, 1);
        counted(client, EventKind.RECEIVE, 1, IoEvent.TURN_NOT_COUNTED);
        counted(client, EventKind.SEND, 2, IoEvent.TURN_LEFT_TO_TRACKER);
        counted(client, EventKind.RECEIVE, 3, IoEvent.TURN_LEFT_TO_TRACKER);
        counted(client, EventKind.SEND, 4, IoEvent.TURN_LEFT_TO_TRACKER);
        counted(client, EventKind.RECEIVE, 5, IoEvent.TURN_LEFT_TO_TRACKER);
        assertEquals(List.of(1L, 2L, 3L), sequences());
    }
}
