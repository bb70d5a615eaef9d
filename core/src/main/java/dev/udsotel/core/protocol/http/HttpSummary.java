package dev.udsotel.core.protocol.http;

import static dev.udsotel.core.protocol.http.Http1Decoder.*;

import dev.udsotel.core.conversation.Captured;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.payload.PayloadText;
import dev.udsotel.core.protocol.ProtocolAttributes;
import dev.udsotel.core.redaction.Redacted;
import dev.udsotel.core.redaction.TextSecrets;
import dev.udsotel.core.redaction.Redaction;
import dev.udsotel.core.protocol.SortedAttributes;
import java.util.List;

/**
 * What one recognized exchange says, read in one pass over each prefix: the values behind the span name and the
 * attributes (see {@link Http1Decoder} for their meaning) and the previews, redacted when redaction is on.
 */
final class HttpSummary {
    private static final int SPAN_PATH_LIMIT = 100;
    private static final int MOST_ATTRIBUTES = 15;

    private final String method;
    private final Target target;
    private final String query;
    private final String host;
    private final String userAgent;
    private final long requestBodySize;
    private final int status;
    private final long responseBodySize;
    private final String version;
    private final boolean chunked;
    private final int requests;
    final byte[] requestPreview;
    final byte[] responsePreview;
    final boolean redacted;

    HttpSummary(Exchange exchange, RequestLine line, Redaction redaction) {
        Captured request = exchange.request();
        Captured answer = exchange.response();
        byte[] requestBytes = request.prefix();
        HeaderSection requestHead = HeaderSection.parse(requestBytes, line.end() < 0 ? requestBytes.length : line.end());
        requests = countRequests(requestBytes, requestHead);
        Response response = Response.find(answer.prefix());
        method = line.method();
        target = Target.of(requestBytes, line.targetStart(), line.targetEnd());
        host = requestHead.hostStart() < 0 ? null
                : PayloadText.render(requestBytes, requestHead.hostStart(), requestHead.hostEnd() - requestHead.hostStart());
        userAgent = requestHead.userAgentStart() < 0 ? null : PayloadText.render(requestBytes,
                requestHead.userAgentStart(), requestHead.userAgentEnd() - requestHead.userAgentStart());
        requestBodySize = bodySize(requestBytes, requestHead, request.totalBytes(), requests == 1);
        status = response.status() == null ? -1 : response.status().status();
        responseBodySize = response.status() != null && response.head() != null && response.hasBody(method)
                ? bodySize(answer.prefix(), response.head(), answer.totalBytes(), requests == 1) : -1;
        version = line.version() != null ? line.version()
                : response.status() != null ? response.status().version() : null;
        chunked = requestHead.chunked() || (response.head() != null && response.head().chunked());
        if (redaction.enabled()) {
            Redacted requestRedacted = TextSecrets.redact(requestBytes);
            Redacted responseRedacted = TextSecrets.redact(answer.prefix());
            requestPreview = requestRedacted.bytes();
            responsePreview = responseRedacted.bytes();
            query = target.query() == null ? null : TextSecrets.redact(target.query());
            redacted = requestRedacted.changed() || responseRedacted.changed() || query != target.query();
        } else {
            requestPreview = requestBytes;
            responsePreview = answer.prefix();
            query = target.query();
            redacted = false;
        }
    }

    /** Server errors (5xx). */
    boolean error() {
        return status >= 500;
    }

    /** {@code METHOD path}, the path shortened; the method alone for a target without a path. */
    String spanName() {
        String path = target.path();
        if (path == null) {
            return method;
        }
        if (path.length() > SPAN_PATH_LIMIT) {
            path = path.substring(0, SPAN_PATH_LIMIT) + "...";
        }
        return method + " " + path;
    }

    /** The attributes in key order, without {@code uds.redacted}. */
    SortedAttributes attributes() {
        SortedAttributes.Builder a = SortedAttributes.builder(MOST_ATTRIBUTES);
        if (status >= 500) {
            a.put(ProtocolAttributes.ERROR_TYPE, Integer.toString(status));
        }
        if (requestBodySize >= 0) {
            a.put(REQUEST_BODY_SIZE, requestBodySize);
        }
        if (host != null) {
            a.put(HOST, List.of(host));
        }
        a.put(METHOD, method);
        if (responseBodySize >= 0) {
            a.put(RESPONSE_BODY_SIZE, responseBodySize);
        }
        if (status >= 0) {
            a.put(STATUS, (long) status);
        }
        a.put(PROTOCOL_NAME, "http");
        if (version != null) {
            a.put(PROTOCOL_VERSION, version);
        }
        if (chunked) {
            a.put(CHUNKED, true);
        }
        if (requests > 1) {
            a.put(PIPELINED, (long) requests);
        }
        if (target.path() != null) {
            a.put(PATH, target.path());
        }
        if (query != null) {
            a.put(QUERY, query);
        }
        if (userAgent != null) {
            a.put(USER_AGENT, userAgent);
        }
        return a.build();
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

    /** The body size as {@link Http1Decoder} describes it, or -1 when not derivable. */
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
}
