package dev.udsotel.core.protocol.agent;

import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.protocol.ProtocolDecoder;
import dev.udsotel.core.redaction.Redaction;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;

/**
 * gpg-agent's Assuan protocol ({@code S.gpg-agent}): recognised so that keys and passphrases never leave, whatever
 * the redaction setting. The span is named after the command ({@code GETINFO}, {@code PKSIGN}...), recorded as
 * {@code uds.gpg_agent.command}, or {@code GREETING} for the agent's first line; data lines and the arguments of
 * secret-carrying commands are overwritten in the previews ({@link AssuanLines}).
 */
public final class GpgAgentDecoder implements ProtocolDecoder {
    static final AttributeKey<String> COMMAND = AttributeKey.stringKey("uds.gpg_agent.command");

    @Override
    public String name() {
        return "gpg-agent";
    }

    @Override
    public boolean recognizes(Exchange exchange) {
        byte[] request = exchange.request().prefix();
        byte[] response = exchange.response().prefix();
        if (request.length == 0) {
            return AssuanLines.isGreeting(response);
        }
        return AssuanLines.startsRequest(request) && (response.length == 0 || AssuanLines.startsAnswer(response));
    }

    @Override
    public DecodedExchange decode(Exchange exchange, Redaction redaction) {
        if (!recognizes(exchange)) {
            return null;
        }
        byte[] request = exchange.request().prefix();
        byte[] response = exchange.response().prefix();
        String command = request.length == 0 ? "GREETING" : AssuanLines.firstWord(request, 0, request.length);
        KeyMaterial previews = KeyMaterial.withheldFrom(exchange, AssuanStream::new);
        boolean error = response.length >= 3 && response[0] == 'E' && response[1] == 'R' && response[2] == 'R';
        return DecodedExchange.of(
                command,
                Attributes.of(COMMAND, command),
                name(),
                previews.redacted(),
                previews.request(),
                previews.response(),
                error);
    }
}
