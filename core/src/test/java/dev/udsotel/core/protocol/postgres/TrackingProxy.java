package dev.udsotel.core.protocol.postgres;

import dev.udsotel.core.conversation.ConversationListener;
import dev.udsotel.core.conversation.ConversationTracker;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.protocol.TrackedRelay;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link TrackedRelay} to a real server that keeps the exchanges the agent would see: split by direction, cut by
 * the capture limit. The idle gap is long, so only direction changes split exchanges.
 */
final class TrackingProxy implements AutoCloseable {
    static final int CAPTURE_LIMIT = 256;
    private static final long IDLE_GAP_NANOS = 3_600_000_000_000L;

    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final TrackedRelay relay;

    TrackingProxy(Path listenAt, Path upstream) throws IOException {
        ConversationTracker tracker = new ConversationTracker(
                new ConversationListener() {
                    @Override
                    public void onHandshake(IoEvent connectOrAccept) {}

                    @Override
                    public void onExchange(Exchange exchange) {
                        exchanges.add(exchange);
                    }
                },
                IDLE_GAP_NANOS,
                CAPTURE_LIMIT);
        this.relay = new TrackedRelay(listenAt, upstream, "psql", tracker, Integer.MAX_VALUE);
    }

    /** The exchanges of every conversation since the last call, once those conversations have ended. */
    List<Exchange> awaitExchanges() throws InterruptedException {
        relay.awaitConversations();
        List<Exchange> all = List.copyOf(exchanges);
        exchanges.removeAll(all);
        return all;
    }

    @Override
    public void close() throws IOException {
        relay.close();
    }
}
