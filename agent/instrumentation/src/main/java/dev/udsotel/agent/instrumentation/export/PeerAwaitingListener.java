package dev.udsotel.agent.instrumentation.export;

import dev.udsotel.agent.instrumentation.record.PeerInodes;
import dev.udsotel.core.conversation.ConversationListener;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.protocol.http2.Http2Call;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Holds a conversation's spans back while its peer inode is being looked up, so they carry the connection id both
 * ends share. Spans are released in the order they were assembled.
 */
final class PeerAwaitingListener implements ConversationListener {
    private static final int MAX_HELD = 100_000;

    private final ConversationListener spans;
    private final PeerInodes peers;
    private final Deque<Held> held = new ArrayDeque<>();

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
    public void onHttp2Call(Http2Call call) {
        hold(call.connection(), () -> spans.onHttp2Call(call));
    }

    @Override
    public void onShedHttp2Call(Http2Call call) {
        hold(call.connection(), () -> spans.onShedHttp2Call(call));
    }

    /** Emits what no longer waits: resolved or given-up connections, up to the first that still does. */
    void releaseReady() {
        while (!held.isEmpty() && !peers.awaiting(held.peekFirst().connection)) {
            held.pollFirst().emit.run();
        }
    }

    void releaseAll() {
        while (!held.isEmpty()) {
            held.pollFirst().emit.run();
        }
    }

    private void hold(Connection connection, Runnable emit) {
        if (held.isEmpty() && !peers.awaiting(connection)) {
            emit.run();
            return;
        }
        held.addLast(new Held(connection, emit));
        if (held.size() > MAX_HELD) {
            held.pollFirst().emit.run();
        }
    }

    private record Held(Connection connection, Runnable emit) {}
}
