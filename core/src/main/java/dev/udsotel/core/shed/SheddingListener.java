package dev.udsotel.core.shed;

import dev.udsotel.core.conversation.ConversationListener;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.protocol.http2.Http2Call;
import java.util.function.BooleanSupplier;

/**
 * Between the tracker and span building: while the export thread's CPU budget is spent, whole exchanges and HTTP/2
 * calls are counted (in the metrics, and here) instead of turned into spans. The tracker has assembled them as usual,
 * so the exchanges after them pair as usual.
 */
public final class SheddingListener implements ConversationListener {
    private final ConversationListener spans;
    private final BooleanSupplier overBudget;
    private long shed;

    public SheddingListener(ConversationListener spans, BooleanSupplier overBudget) {
        this.spans = spans;
        this.overBudget = overBudget;
    }

    @Override
    public void onHandshake(IoEvent connectOrAccept) {
        spans.onHandshake(connectOrAccept);
    }

    @Override
    public void onExchange(Exchange exchange) {
        if (overBudget.getAsBoolean()) {
            shed++;
            spans.onShedExchange(exchange);
        } else {
            spans.onExchange(exchange);
        }
    }

    @Override
    public void onHttp2Call(Http2Call call) {
        if (overBudget.getAsBoolean()) {
            shed++;
            spans.onShedHttp2Call(call);
        } else {
            spans.onHttp2Call(call);
        }
    }

    @Override
    public void onClosed(Connection connection) {
        spans.onClosed(connection);
    }

    /** Exchanges and HTTP/2 calls assembled but not turned into spans. */
    public long shed() {
        return shed;
    }
}
