package dev.udsotel.core.protocol.http.before;

import dev.udsotel.core.conversation.Captured;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.payload.PayloadText;
import dev.udsotel.core.protocol.CredentialHeaderRedactor;
import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.protocol.ProtocolAttributes;
import dev.udsotel.core.protocol.ProtocolDecoder;
import dev.udsotel.core.protocol.Redacted;
import dev.udsotel.core.protocol.Redaction;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.List;

/**
 * The HTTP/1.x decoder as it was before the single-pass parse (commit a7d09b9), kept verbatim as the plain reference
 * the tests hold the current decoder's results to.
 *
 * <p>HTTP/1.0 and 1.1 from the captured prefixes of a request and its response.
 *
 * <p>Recognised by a request line with a known method. Header fields are read only from complete lines, so a
 * value the capture limit cut is never reported. Body sizes: Content-Length when present; for a chunked body the
 * sum of the chunk sizes when its last chunk is visible, otherwise, when the exchange holds a single message,
 * the exchange's total bytes minus the header length (this counts the chunk framing too, so it slightly
 * overstates the payload). Several requests visible in one request prefix (pipelining) name the span after the
 * first and set {@code uds.http.pipelined}. {@code uds.http.chunked} is set when the request or the response body
 * is chunked. Credential header values are replaced in both previews.
 */
public final class Http1DecoderBefore implements ProtocolDecoder {
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

    private static final int SPAN_PATH_LIMIT = 100;

    @Override
    public String name() {
        return "http";
    }

    @Override
    public boolean recognizes(Exchange exchange) {
        Captured request = exchange.request();
        return RequestLine.parse(request.prefix(), 0, request.truncated()) != null;
    }

    @Override
    public DecodedExchange decode(Exchange exchange, Redaction redaction) {
        byte[] requestBytes = exchange.request().prefix();
        RequestLine line = RequestLine.parse(requestBytes, 0, exchange.request().truncated());
        if (line == null) {
            throw new IllegalArgumentException("not an HTTP/1.x request");
        }
        HeaderSection requestHead = HeaderSection.parse(requestBytes, line.end() < 0 ? requestBytes.length : line.end());
        int requests = countRequests(requestBytes, requestHead);
        Response response = Response.find(exchange.response().prefix());
        Target target = Target.split(
                PayloadText.render(requestBytes, line.targetStart(), line.targetEnd() - line.targetStart()));

        AttributesBuilder attributes = Attributes.builder();
        describeRequest(attributes, exchange.request(), line, target, requestHead, requests == 1);
        describeResponse(attributes, exchange.response(), response, line, requests == 1);
        String version = line.version() != null ? line.version()
                : response.status() != null ? response.status().version() : null;
        if (version != null) {
            attributes.put(PROTOCOL_VERSION, version);
        }
        if (requestHead.chunked() || (response.head() != null && response.head().chunked())) {
            attributes.put(CHUNKED, true);
        }
        if (requests > 1) {
            attributes.put(PIPELINED, (long) requests);
        }
        byte[] requestPreview = requestBytes;
        byte[] responsePreview = exchange.response().prefix();
        if (redaction.enabled()) {
            Redacted request = CredentialHeaderRedactor.redact(requestPreview);
            Redacted answer = CredentialHeaderRedactor.redact(responsePreview);
            requestPreview = request.bytes();
            responsePreview = answer.bytes();
            if (request.changed() || answer.changed()) {
                attributes.put(ProtocolAttributes.REDACTED, true);
            }
        }
        boolean error = response.status() != null && response.status().status() >= 500;
        return new DecodedExchange(spanName(line.method(), target), attributes.build(), requestPreview,
                responsePreview, error);
    }

    private static void describeRequest(AttributesBuilder attributes, Captured captured, RequestLine line,
            Target target, HeaderSection head, boolean singleMessage) {
        attributes.put(METHOD, line.method()).put(PROTOCOL_NAME, "http");
        if (target.path() != null) {
            attributes.put(PATH, target.path());
        }
        if (target.query() != null) {
            attributes.put(QUERY, target.query());
        }
        if (head.host() != null) {
            attributes.put(HOST, List.of(PayloadText.render(latin1(head.host()))));
        }
        if (head.userAgent() != null) {
            attributes.put(USER_AGENT, PayloadText.render(latin1(head.userAgent())));
        }
        long size = bodySize(captured.prefix(), head, captured.totalBytes(), singleMessage);
        if (size >= 0) {
            attributes.put(REQUEST_BODY_SIZE, size);
        }
    }

    private static void describeResponse(AttributesBuilder attributes, Captured captured, Response response,
            RequestLine line, boolean singleMessage) {
        if (response.status() == null) {
            return;
        }
        int status = response.status().status();
        attributes.put(STATUS, (long) status);
        if (status >= 500) {
            attributes.put(ProtocolAttributes.ERROR_TYPE, Integer.toString(status));
        }
        if (response.head() != null && response.hasBody(line.method())) {
            long size = bodySize(captured.prefix(), response.head(), captured.totalBytes(), singleMessage);
            if (size >= 0) {
                attributes.put(RESPONSE_BODY_SIZE, size);
            }
        }
    }

    private static String spanName(String method, Target target) {
        if (target.path() == null) {
            return method;
        }
        String path = target.path();
        if (path.length() > SPAN_PATH_LIMIT) {
            path = path.substring(0, SPAN_PATH_LIMIT) + "...";
        }
        return method + " " + path;
    }

    /** How many request lines the prefix shows, following each message's framing. */
    private static int countRequests(byte[] bytes, HeaderSection first) {
        int count = 1;
        int at = first.messageEnd(bytes);
        while (at >= 0 && at < bytes.length) {
            RequestLine next = RequestLine.parse(bytes, at, true);
            if (next == null) {
                break;
            }
            count++;
            if (next.end() < 0) {
                break;
            }
            at = HeaderSection.parse(bytes, next.end()).messageEnd(bytes);
        }
        return count;
    }

    /** The body size as described in the class comment, or -1 when not derivable. */
    private static long bodySize(byte[] bytes, HeaderSection head, long totalBytes, boolean singleMessage) {
        if (head.chunked()) {
            if (head.bodyStart() < 0) {
                return -1;
            }
            ChunkedBody body = ChunkedBody.scan(bytes, head.bodyStart());
            if (body.complete()) {
                return body.decodedSize();
            }
            return singleMessage && totalBytes >= head.bodyStart() ? totalBytes - head.bodyStart() : -1;
        }
        return head.contentLength();
    }

    private static byte[] latin1(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
