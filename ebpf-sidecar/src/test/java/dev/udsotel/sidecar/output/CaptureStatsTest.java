package dev.udsotel.sidecar.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.event.SocketType;
import org.junit.jupiter.api.Test;

class CaptureStatsTest {
    private static final ProcessIdentity CLIENT = new ProcessIdentity(41, "client", "client", null);
    private static final ProcessIdentity SERVER = new ProcessIdentity(42, "server", "server", null);

    @Test
    void countsOneConnectionWhenTheSameEndLearnsItsPeerBetweenTwoMessages() {
        CaptureStats stats = new CaptureStats();
        Connection client = new Connection(1, "/run/s.sock", Role.CLIENT, SocketType.STREAM, CLIENT);
        client.inodes(100, 0);
        stats.accept(send(client, 5));
        assertEquals(1, stats.connections(), "a lone end before its peer is known");
        client.inodes(100, 101); // the server accepted: the client end now knows its peer
        stats.accept(send(client, 7));
        Connection server = new Connection(2, "/run/s.sock", Role.SERVER, SocketType.STREAM, SERVER);
        server.inodes(101, 100);
        stats.accept(send(server, 3));
        stats.accept(send(client, 1));
        assertEquals(1, stats.connections(), "both ends of one connection");
        assertEquals(4, stats.messages());
        assertEquals(16, stats.bytes());
        assertEquals(2, stats.processes().size());
        assertEquals(3, stats.processes().get(0).messagesSent);
        assertEquals(1, stats.processes().get(1).messagesSent);
    }

    private static TracedEvent send(Connection c, int bytes) {
        return new TracedEvent(IoEvent.data(c, EventKind.SEND, 1, 2, bytes, new byte[0]), "t", 3, 0);
    }
}
