package dev.udsotel.core.conversation;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.protocol.http2.Http2Call;

/** Receives what the tracker assembles from a stream of {@link IoEvent}s. */
public interface ConversationListener {
    /** A connect or accept call, successful or not. */
    void onHandshake(IoEvent connectOrAccept);

    void onExchange(Exchange exchange);

    /** One stream of an HTTP/2 connection, demultiplexed by the tracker instead of request/response turns. */
    default void onHttp2Call(Http2Call call) {}
    /** An exchange assembled but not to become a span (shed over a budget): still counted in the metrics. */
    default void onShedExchange(Exchange exchange) {}

    /** An HTTP/2 call not to become a span (shed over a budget): still counted in the metrics. */
    default void onShedHttp2Call(Http2Call call) {}

    /** The conversation ended; no more exchanges will follow for it. */
    default void onClosed(Connection connection) {}
}
