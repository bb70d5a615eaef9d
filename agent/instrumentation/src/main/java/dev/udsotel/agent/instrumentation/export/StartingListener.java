package dev.udsotel.agent.instrumentation.export;

import dev.udsotel.core.conversation.ConversationListener;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.protocol.http2.Http2Call;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * Keeps what the tracker assembles while the SDK is still being set up, and hands it over in order once it is up, so
 * the application's first exchanges are neither lost nor held up. What exceeds the bound is counted, not kept.
 * Used by the export thread only.
 */
final class StartingListener implements ConversationListener {
    private static final int MAX_KEPT = 50_000;

    private final Queue<Consumer<ConversationListener>> kept = new ArrayDeque<>();
    private ConversationListener spans;
    private long lost;

    /** Hands over what was kept; everything after goes straight to {@code spans}. */
    void start(ConversationListener spans) {
        for (Consumer<ConversationListener> call; (call = kept.poll()) != null; ) {
            call.accept(spans);
        }
        this.spans = spans;
    }

    boolean started() {
        return spans != null;
    }

    /** Exchanges, calls and handshakes given up because the SDK took too long to start. */
    long lost() {
        return lost;
    }

    @Override
    public void onHandshake(IoEvent connectOrAccept) {
        pass(s -> s.onHandshake(connectOrAccept), true);
    }

    @Override
    public void onExchange(Exchange exchange) {
        pass(s -> s.onExchange(exchange), true);
    }

    @Override
    public void onShedExchange(Exchange exchange) {
        pass(s -> s.onShedExchange(exchange), true);
    }

    @Override
    public void onHttp2Call(Http2Call call) {
        pass(s -> s.onHttp2Call(call), true);
    }

    @Override
    public void onShedHttp2Call(Http2Call call) {
        pass(s -> s.onShedHttp2Call(call), true);
    }

    @Override
    public void onClosed(Connection connection) {
        pass(s -> s.onClosed(connection), false);
    }

    private void pass(Consumer<ConversationListener> call, boolean counted) {
        if (spans != null) {
            call.accept(spans);
        } else if (kept.size() < MAX_KEPT) {
            kept.add(call);
        } else if (counted) {
            lost++;
        }
    }
}
