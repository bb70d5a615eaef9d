package dev.udsotel.core.protocol.http;

import dev.udsotel.core.conversation.Captured;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.protocol.DecodedParts;
import dev.udsotel.core.protocol.Redaction;
import dev.udsotel.core.protocol.SinglePassDecoder;
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
 * is chunked. Credential header values are replaced in both previews.
 */
public final class Http1Decoder implements SinglePassDecoder<RequestLine> {
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
        return recognized(exchange) != null;
    }

    /** The request line, or null when the request does not start with one. */
    @Override
    public RequestLine recognized(Exchange exchange) {
        Captured request = exchange.request();
        return RequestLine.parse(request.prefix(), 0, request.truncated());
    }

    @Override
    public DecodedExchange decode(Exchange exchange, Redaction redaction) {
        RequestLine line = recognized(exchange);
        if (line == null) {
            throw new IllegalArgumentException("not an HTTP/1.x request");
        }
        HttpSummary summary = new HttpSummary(exchange, line, redaction);
        return new DecodedExchange(summary.spanName(), summary.attributes(true).toBuilder().build(),
                summary.requestPreview, summary.responsePreview, summary.error());
    }

    @Override
    public DecodedParts decodeParts(RequestLine line, Exchange exchange, Redaction redaction) {
        HttpSummary summary = new HttpSummary(exchange, line, redaction);
        return new DecodedParts(summary.spanName(), summary.attributes(false), name(), summary.redacted,
                summary.requestPreview, summary.responsePreview, summary.error());
    }
}
