package dev.udsotel.agent.instrumentation.export;

import dev.udsotel.agent.instrumentation.host.PeerIdentities;
import dev.udsotel.core.conversation.ConversationListener;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.protocol.http2.Http2Call;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Holds a connection's spans back while its peer is being looked up ({@link PeerIdentities}), so they carry the
 * connection id both ends share and the peer's service. Only that connection waits, and for
 * {@link PeerIdentities#GIVE_UP_NANOS} at most: the spans of every other connection go on. A connection's own spans,
 * and the end of its conversation, are released in the order they were assembled. This is where the answers are
 * written into their connections: on the export thread, the one that builds spans.
 */
final class PeerAwaitingListener implements ConversationListener {
    private static final int MAX_HELD = 100_000;

    private final ConversationListener spans;
    private final PeerIdentities peers;
    private final Map<Connection, Deque<Runnable>> held = new LinkedHashMap<>();
    private int heldCount;
    private long releasedUnanswered;
    private long answeredWithoutPeer;

    PeerAwaitingListener(ConversationListener spans, PeerIdentities peers) {
        this.spans = spans;
        this.peers = peers;
    }

    @Override
    public void onHandshake(IoEvent connectOrAccept) {
        hold(connectOrAccept.connection(), () -> spans.onHandshake(connectOrAccept));
    }

    @Override
    public void onExchange(Exchange exchange) {
        hold(exchange.connection(), () -> spans.onExchange(exchange));
    }

    @Override
    public void onShedExchange(Exchange exchange) {
        hold(exchange.connection(), () -> spans.onShedExchange(exchange));
    }

    @Override
    public void onClosed(Connection connection) {
        hold(connection, () -> spans.onClosed(connection));
    }

    @Override
    public void onHttp2Call(Http2Call call) {
        hold(call.connection(), () -> spans.onHttp2Call(call));
    }

    @Override
    public void onShedHttp2Call(Http2Call call) {
        hold(call.connection(), () -> spans.onShedHttp2Call(call));
    }

    /** Applies the answers given so far, and emits the held spans of the connections they answer. */
    void releaseReady() {
        peers.takeAnswers(this::answered);
        if (!peers.working()) {
            releaseAll();
        }
    }

    /** Emits everything held, answered or not. */
    void releaseAll() {
        peers.takeAnswers(this::answered);
        while (!held.isEmpty()) {
            releaseOldest();
        }
    }

    /** Connections whose spans went out before their peer was answered: too many held at once, or at exit. */
    long releasedUnanswered() {
        return releasedUnanswered;
    }

    /** Connections whose peer inode could not be learnt within the give-up time: their ends do not link. */
    long answeredWithoutPeer() {
        return answeredWithoutPeer;
    }

    private void answered(PeerIdentities.Answer answer) {
        answer.apply();
        if (answer.peerInode() == 0) {
            answeredWithoutPeer++;
        }
        Deque<Runnable> waiting = held.remove(answer.connection());
        if (waiting != null) {
            emit(waiting);
        }
    }

    private void hold(Connection connection, Runnable emit) {
        Deque<Runnable> waiting = held.get(connection);
        if (waiting == null) {
            if (!peers.pending(connection)) {
                peers.takeAnswers(this::answered); // this connection's answer, if it has one, is among them
                emit.run();
                return;
            }
            waiting = new ArrayDeque<>();
            held.put(connection, waiting);
        }
        waiting.addLast(emit);
        if (++heldCount > MAX_HELD) {
            releaseOldest();
        }
    }

    private void releaseOldest() {
        Iterator<Deque<Runnable>> oldest = held.values().iterator();
        Deque<Runnable> waiting = oldest.next();
        oldest.remove();
        releasedUnanswered++;
        emit(waiting);
    }

    private void emit(Deque<Runnable> waiting) {
        heldCount -= waiting.size();
        for (Runnable emit; (emit = waiting.pollFirst()) != null; ) {
            emit.run();
        }
    }
}
