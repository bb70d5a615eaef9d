package dev.udsotel.core.protocol.agent;

import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.redaction.StreamRedactor;
import java.util.function.Supplier;

/**
 * The previews of an agent exchange: both directions overwritten by the agent protocol's stream redactor, whatever
 * the redaction setting, since key material must never leave.
 */
record KeyMaterial(byte[] request, byte[] response, boolean redacted) {
    static KeyMaterial withheldFrom(Exchange exchange, Supplier<StreamRedactor> redactor) {
        byte[] request = exchange.request().prefix().clone();
        byte[] response = exchange.response().prefix().clone();
        boolean redacted = redactor.get().redact(request, exchange.request().totalBytes())
                | redactor.get().redact(response, exchange.response().totalBytes());
        return new KeyMaterial(request, response, redacted);
    }
}
