package dev.udsotel.core.protocol;

import dev.udsotel.core.conversation.Exchange;
import io.opentelemetry.api.common.Attributes;

/** Picks the decoder for an exchange; unknown protocols get a generic name that includes the socket path. */
public final class ProtocolDecoders {
    public DecodedExchange decode(Exchange exchange, Redaction redaction) {
        String path = exchange.connection().socketPath();
        return new DecodedExchange("UDS " + (path.isEmpty() ? "(unnamed)" : path), Attributes.empty(),
                exchange.request().prefix(), exchange.response().prefix(), false);
    }
}
