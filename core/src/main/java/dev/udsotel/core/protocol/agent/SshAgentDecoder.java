package dev.udsotel.core.protocol.agent;

import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.protocol.ProtocolDecoder;
import dev.udsotel.core.redaction.Redaction;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;

/**
 * The ssh-agent protocol ({@code $SSH_AUTH_SOCK}): recognised so that key material never leaves, whatever the
 * redaction setting. The span is named after the request ({@code ADD_IDENTITY}, {@code SIGN_REQUEST}...), recorded
 * as {@code uds.ssh_agent.request}; previews keep only each message's length and type.
 */
public final class SshAgentDecoder implements ProtocolDecoder {
    static final AttributeKey<String> REQUEST = AttributeKey.stringKey("uds.ssh_agent.request");

    @Override
    public String name() {
        return "ssh-agent";
    }

    @Override
    public boolean recognizes(Exchange exchange) {
        byte[] request = exchange.request().prefix();
        byte[] response = exchange.response().prefix();
        return SshAgentMessages.startsRequest(request)
                && (response.length == 0 || SshAgentMessages.startsAnswer(response));
    }

    @Override
    public DecodedExchange decode(Exchange exchange, Redaction redaction) {
        if (!recognizes(exchange)) {
            return null;
        }
        byte[] request = exchange.request().prefix();
        byte[] response = exchange.response().prefix();
        String operation = SshAgentMessages.requestName(SshAgentMessages.typeAt(request, 0));
        KeyMaterial previews = KeyMaterial.withheldFrom(exchange, SshAgentStream::new);
        return DecodedExchange.of(
                operation,
                Attributes.of(REQUEST, operation),
                name(),
                previews.redacted(),
                previews.request(),
                previews.response(),
                response.length > 4 && response[4] == 5);
    }
}
