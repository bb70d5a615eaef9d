package dev.udsotel.core.protocol;

import dev.udsotel.core.conversation.Exchange;

/**
 * Understands one application protocol. Decoders run on the export thread, never on the application's.
 * They see only the captured prefix of each direction and must not throw on any input.
 */
public interface ProtocolDecoder {
    /** Short lower-case name, such as {@code http} or {@code redis}, recorded as {@code uds.protocol}. */
    String name();

    /** Whether the exchange's request prefix looks like this protocol. */
    boolean recognizes(Exchange exchange);

    /** The span name, semantic-convention attributes and redacted previews for one recognized exchange. */
    DecodedExchange decode(Exchange exchange, Redaction redaction);
}
