package dev.udsotel.agent.instrumentation.export;

import dev.udsotel.agent.instrumentation.host.PeerInodes;
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
 * Holds a connection's spans back while its peer inode is being looked up, so they carry the connection id both
 * ends share. Only that connection waits: the spans of every other connection go on. A connection's own spans, and
 * the end of its conversation, are released in the order they were assembled.
 */
final class PeerAwaitingListener implements ConversationListener {
    private static final int MAX_HELD = 100_000;

    private final ConversationListener spans;
    private final PeerInodes peers;
    private final Map<Connection, Deque<Runnable>> held = new LinkedHashMap<>();
    private int heldCount;

    PeerAwaitingListener(ConversationListener spans, PeerInodes peers) {
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

    /** Emits the held spans of connections that no longer wait: resolved, or given up on. */
    void releaseReady() {
        for (Iterator<Map.Entry<Connection, Deque<Runnable>>> it =
                        held.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<Connection, Deque<Runnable>> entry = it.next();
            if (!peers.awaiting(entry.getKey())) {
                it.remove();
                emit(entry.getValue());
            }
        }
    }

    void releaseAll() {
        while (!held.isEmpty()) {
            releaseOldest();
        }
    }

    private void hold(Connection connection, Runnable emit) {
        Deque<Runnable> waiting = held.get(connection);
        if (waiting == null) {
            if (!peers.awaiting(connection)) {
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
        emit(waiting);
    }

    private void emit(Deque<Runnable> waiting) {
        heldCount -= waiting.size();
        for (Runnable emit; (emit = waiting.pollFirst()) != null; ) {
            emit.run();
        }
    }
}
