package dev.udsotel.core.protocol;

import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.redaction.Redaction;

/**
 * Understands one application protocol. Decoders run on the export thread, never on the application's.
 * They see only the captured prefix of each direction and must not throw on any input.
 */
public interface ProtocolDecoder {
    /** Short lower-case name, such as {@code http} or {@code redis}, recorded as {@code uds.protocol}. */
    String name();

    /**
     * The span name, attributes and redacted previews of an exchange in this protocol, recognized and decoded in
     * one parse; null when the exchange is not in this protocol. The registry then applies the shared
     * {@link dev.udsotel.core.redaction redaction policy} on top.
     */
    DecodedExchange decode(Exchange exchange, Redaction redaction);

    /** Whether {@link #decode} would take the exchange; decoders answer it without decoding when they can. */
    default boolean recognizes(Exchange exchange) {
        return decode(exchange, Redaction.DEFAULT) != null;
    }
}
