package dev.udsotel.agent.instrumentation.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.udsotel.agent.instrumentation.host.PeerInodes;
import dev.udsotel.core.conversation.ConversationListener;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.event.SocketType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A connection whose peer is still being looked up holds back its own spans only. */
class PeerAwaitingListenerTest {
    private static final ProcessIdentity PROCESS = new ProcessIdentity(1, "java", "test", null);

    private final List<String> emitted = new ArrayList<>();
    private final ConversationListener spans = new ConversationListener() {
        @Override
        public void onHandshake(IoEvent connectOrAccept) {
            emitted.add("handshake " + connectOrAccept.connection().key());
        }

        @Override
        public void onExchange(Exchange exchange) {
            emitted.add("exchange " + exchange.connection().key());
        }

        @Override
        public void onClosed(Connection connection) {
            emitted.add("closed " + connection.key());
        }
    };
    /** Not started: a requested connection stays unresolved until the test ends. */
    private final PeerInodes peers = new PeerInodes();

    private final PeerAwaitingListener listener = new PeerAwaitingListener(spans, peers);

    @Test
    void anUnresolvedConnectionDoesNotHoldBackTheSpansOfOthers() {
        Connection waiting = connection(1, 1001);
        Connection resolved = connection(2, 1002);
        resolved.inodes(1002, 2002);
        peers.request(waiting);
        peers.request(resolved);

        listener.onHandshake(handshake(waiting));
        listener.onHandshake(handshake(resolved));
        listener.onClosed(waiting);
        listener.onClosed(resolved);
        listener.releaseReady();

        assertEquals(List.of("handshake 2", "closed 2"), emitted);
        listener.releaseAll();
        assertEquals(List.of("handshake 2", "closed 2", "handshake 1", "closed 1"), emitted);
    }

    private static Connection connection(long key, long inode) {
        return new Connection(key, "/tmp/s.sock", Role.CLIENT, SocketType.STREAM, PROCESS).inodes(inode, 0);
    }

    private static IoEvent handshake(Connection c) {
        return IoEvent.lifecycle(c, EventKind.CONNECT, 1, 2, null);
    }
}
