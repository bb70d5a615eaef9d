package dev.udsotel.core.protocol.http;

import dev.udsotel.core.conversation.Captured;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.redaction.Redaction;
import dev.udsotel.core.protocol.ProtocolDecoder;
import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * HTTP/1.0 and 1.1 from the captured prefixes of a request and its response.
 *
 * <p>Recognised by a request line with a known method. Header fields are read only from complete lines, so a
 * value the capture limit cut is never reported. Body sizes: Content-Length when present; for a chunked body the
 * sum of the chunk sizes when its last chunk is visible, otherwise, when the exchange holds a single message,
 * the exchange's total bytes minus the header length (this counts the chunk framing too, so it slightly
 * overstates the payload). Several requests visible in one request prefix (pipelining) name the span after the
 * first and set {@code uds.http.pipelined}. {@code uds.http.chunked} is set when the request or the response body
 * is chunked. Credentials are replaced in both previews and in {@code url.query}
 * ({@link dev.udsotel.core.redaction.TextSecrets}: header fields by name, query and form parameters, JSON members,
 * URL userinfo).
 */
public final class Http1Decoder implements ProtocolDecoder {
    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<String> QUERY = AttributeKey.stringKey("url.query");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> PROTOCOL_NAME = AttributeKey.stringKey("network.protocol.name");
    static final AttributeKey<String> PROTOCOL_VERSION = AttributeKey.stringKey("network.protocol.version");
    static final AttributeKey<String> USER_AGENT = AttributeKey.stringKey("user_agent.original");
    static final AttributeKey<List<String>> HOST = AttributeKey.stringArrayKey("http.request.header.host");
    static final AttributeKey<Long> REQUEST_BODY_SIZE = AttributeKey.longKey("http.request.body.size");
    static final AttributeKey<Long> RESPONSE_BODY_SIZE = AttributeKey.longKey("http.response.body.size");
    static final AttributeKey<Boolean> CHUNKED = AttributeKey.booleanKey("uds.http.chunked");
    static final AttributeKey<Long> PIPELINED = AttributeKey.longKey("uds.http.pipelined");

    @Override
    public String name() {
        return "http";
    }

    @Override
    public boolean recognizes(Exchange exchange) {
        return requestLine(exchange) != null;
    }

    @Override
    public DecodedExchange decode(Exchange exchange, Redaction redaction) {
        RequestLine line = requestLine(exchange);
        if (line == null) {
            return null;
        }
        HttpSummary summary = new HttpSummary(exchange, line, redaction);
        return DecodedExchange.of(summary.spanName(), summary.attributes(), name(), summary.redacted,
                summary.requestPreview, summary.responsePreview, summary.error());
    }

    /** The request line, or null when the request does not start with one. */
    private static RequestLine requestLine(Exchange exchange) {
        Captured request = exchange.request();
        return RequestLine.parse(request.prefix(), 0, request.truncated());
    }
}
