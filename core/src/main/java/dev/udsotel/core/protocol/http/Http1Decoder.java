package dev.udsotel.core.protocol.http;

import dev.udsotel.core.conversation.Captured;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.protocol.ProtocolAttributes;
import dev.udsotel.core.protocol.ProtocolDecoder;
import dev.udsotel.core.redaction.Redaction;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import io.opentelemetry.semconv.UserAgentAttributes;
import io.opentelemetry.semconv.incubating.HttpIncubatingAttributes;
import io.opentelemetry.semconv.incubating.UrlIncubatingAttributes;
import java.util.List;

/**
 * HTTP/1.0 and 1.1 from the captured prefixes of a request and its response.
 *
 * <p>Recognised by a request line with a known method. Header fields are read only from complete lines, so a value
 * the capture limit cut is never reported. Body sizes count the payload, never the framing: Content-Length when
 * present; for a chunked body the sum of the chunk sizes when its last chunk is visible, otherwise, when the
 * exchange holds a single message, what {@link ChunkFraming} derives from the exchange's total bytes. The span is
 * named {@code {method} {url.template}}, the template derived from the path by {@link PathTemplate}; the raw path is
 * {@code url.path}, and {@code url.scheme} is {@code http}. A client span is an error on 4xx and 5xx, a server span
 * on 5xx only ({@code error.type} is then the status code). Several requests visible in one request prefix
 * (pipelining) name the span after the first and set {@code uds.http.pipelined}. {@code uds.http.chunked} is set
 * when the request or the response body is chunked. Credentials are replaced in both previews and in
 * {@code url.query} ({@link dev.udsotel.core.redaction.TextSecrets}: header fields by name, query and form parameters,
 * JSON members, URL userinfo), and a path segment holding one is never in the template.
 */
public final class Http1Decoder implements ProtocolDecoder {
    static final AttributeKey<String> METHOD = HttpAttributes.HTTP_REQUEST_METHOD;
    static final AttributeKey<String> PATH = UrlAttributes.URL_PATH;
    static final AttributeKey<String> QUERY = UrlAttributes.URL_QUERY;
    static final AttributeKey<Long> STATUS = HttpAttributes.HTTP_RESPONSE_STATUS_CODE;
    static final AttributeKey<String> PROTOCOL_NAME = NetworkAttributes.NETWORK_PROTOCOL_NAME;
    static final AttributeKey<String> PROTOCOL_VERSION = NetworkAttributes.NETWORK_PROTOCOL_VERSION;
    static final AttributeKey<String> USER_AGENT = UserAgentAttributes.USER_AGENT_ORIGINAL;
    static final AttributeKey<List<String>> HOST = HttpAttributes.HTTP_REQUEST_HEADER.getAttributeKey("host");
    static final AttributeKey<Long> REQUEST_BODY_SIZE = HttpIncubatingAttributes.HTTP_REQUEST_BODY_SIZE;
    static final AttributeKey<Long> RESPONSE_BODY_SIZE = HttpIncubatingAttributes.HTTP_RESPONSE_BODY_SIZE;
    static final AttributeKey<String> SCHEME_KEY = UrlAttributes.URL_SCHEME;
    static final AttributeKey<String> TEMPLATE = UrlIncubatingAttributes.URL_TEMPLATE;
    static final AttributeKey<Boolean> CHUNKED = AttributeKey.booleanKey("uds.http.chunked");
    static final AttributeKey<Long> PIPELINED = ProtocolAttributes.HTTP_PIPELINED;

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
        return DecodedExchange.of(
                summary.spanName(),
                summary.attributes(),
                name(),
                summary.redacted,
                summary.requestPreview,
                summary.responsePreview,
                summary.error());
    }

    /** The request line, or null when the request does not start with one. */
    private static RequestLine requestLine(Exchange exchange) {
        Captured request = exchange.request();
        return RequestLine.parse(request.prefix(), 0, request.truncated());
    }
}
