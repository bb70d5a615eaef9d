package dev.udsotel.agent.instrumentation.export;

import dev.udsotel.core.conversation.ConversationListener;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.IoEvent;
import java.util.function.BooleanSupplier;

/**
 * Between the tracker and span building: while the export thread's CPU budget is spent, whole exchanges are counted
 * (in the metrics, and here) instead of turned into spans. The tracker has assembled them as usual, so the exchanges
 * after them pair as usual.
 */
final class SheddingListener implements ConversationListener {
    private final ConversationListener spans;
    private final BooleanSupplier overBudget;
    private long shed;

    SheddingListener(ConversationListener spans, BooleanSupplier overBudget) {
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
    public void onClosed(Connection connection) {
        spans.onClosed(connection);
    }

    /** Exchanges assembled but not turned into spans. */
    long shed() {
        return shed;
    }
}
