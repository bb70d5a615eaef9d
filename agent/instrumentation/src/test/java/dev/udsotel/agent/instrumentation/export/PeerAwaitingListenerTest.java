package dev.udsotel.agent.instrumentation.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.udsotel.agent.instrumentation.config.AgentConfig;
import dev.udsotel.agent.instrumentation.host.PeerIdentities;
import dev.udsotel.agent.instrumentation.record.ApplicationContext;
import dev.udsotel.agent.instrumentation.record.EventQueue;
import dev.udsotel.agent.instrumentation.record.EventRecorder;
import dev.udsotel.core.conversation.ConversationListener;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.event.SocketType;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A connection whose peer is still being looked up holds back its own spans only, and gets the answer at release. */
class PeerAwaitingListenerTest {
    private static final ProcessIdentity PROCESS =
            new ProcessIdentity(ProcessHandle.current().pid(), "java", "test", null);

    private final List<String> emitted = new ArrayList<>();
    private final List<Connection> handshakes = new ArrayList<>();
    private final ConversationListener spans = new ConversationListener() {
        @Override
        public void onHandshake(IoEvent connectOrAccept) {
            emitted.add("handshake " + connectOrAccept.connection().key());
            handshakes.add(connectOrAccept.connection());
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

    @Test
    void anUnansweredConnectionDoesNotHoldBackTheSpansOfOthers() {
        PeerIdentities notStarted = new PeerIdentities(); // a requested connection stays unanswered
        PeerAwaitingListener listener = new PeerAwaitingListener(spans, notStarted);
        Connection waiting = connection(1, 1001);
        Connection notAsked = connection(2, 1002);
        notStarted.request(waiting, false);

        listener.onHandshake(handshake(waiting));
        listener.onHandshake(handshake(notAsked));
        listener.onClosed(waiting);
        listener.onClosed(notAsked);
        listener.releaseReady();

        assertEquals(List.of("handshake 2", "closed 2"), emitted);
        listener.releaseAll();
        assertEquals(List.of("handshake 2", "closed 2", "handshake 1", "closed 1"), emitted);
        assertEquals(1, listener.releasedUnanswered());
    }

    @Test
    void bothEndsOfARealConnectionGoOutWithTheSameInodePairOnceThePeersThreadAnswers() throws Exception {
        PeerIdentities peers = new PeerIdentities();
        peers.start();
        PeerAwaitingListener listener = new PeerAwaitingListener(spans, peers);
        EventQueue queue = new EventQueue(1024, 1);
        EventRecorder recorder = new EventRecorder(
                AgentConfig.read("", Map.of(), Map.of()), PROCESS, queue, new ApplicationContext(), peers);
        Path dir = Files.createTempDirectory("uds-peers");
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("s.sock"));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(address);
            try (SocketChannel client = SocketChannel.open(address);
                    SocketChannel accepted = server.accept()) {
                recorder.onConnect(client, address, true, null, System.nanoTime());
                recorder.onAccept(server, accepted, null, System.nanoTime());
                List<IoEvent> events = new ArrayList<>();
                queue.drainTo(events, Integer.MAX_VALUE);
                events.forEach(listener::onHandshake);

                Awaitility.await("both handshakes released")
                        .atMost(Duration.ofSeconds(10))
                        .pollInSameThread() // the listener belongs to one thread, as to the export thread
                        .until(() -> {
                            listener.releaseReady();
                            return handshakes.size() == 2;
                        });
            }
        } finally {
            Files.deleteIfExists(dir.resolve("s.sock"));
            Files.delete(dir);
        }
        Connection one = handshakes.get(0);
        Connection other = handshakes.get(1);
        assertNotEquals(0, one.inode(), "the own inode, read before hand-off");
        assertEquals(other.inode(), one.peerInode());
        assertEquals(one.inode(), other.peerInode());
        assertEquals(one.connectionId(), other.connectionId());
        assertEquals(0, listener.answeredWithoutPeer() + listener.releasedUnanswered());
        peers.stop();
    }

    private static Connection connection(long key, long inode) {
        return new Connection(key, "/tmp/s.sock", Role.CLIENT, SocketType.STREAM, PROCESS).inodes(inode, 0);
    }

    private static IoEvent handshake(Connection c) {
        return IoEvent.lifecycle(c, EventKind.CONNECT, 1, 2, null);
    }
}
