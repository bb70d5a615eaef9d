package dev.udsotel.core.protocol.http;

import static dev.udsotel.core.protocol.http.Http1Decoder.*;

import dev.udsotel.core.conversation.Captured;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.payload.PayloadText;
import dev.udsotel.core.protocol.ProtocolAttributes;
import dev.udsotel.core.protocol.SortedAttributes;
import dev.udsotel.core.redaction.Redacted;
import dev.udsotel.core.redaction.Redaction;
import dev.udsotel.core.redaction.TextSecrets;
import java.util.List;

/**
 * What one recognized exchange says, read in one pass over each prefix: the values behind the span name and the
 * attributes (see {@link Http1Decoder} for their meaning) and the previews, redacted when redaction is on.
 */
final class HttpSummary {
    private static final int SPAN_PATH_LIMIT = 100;
    private static final int MOST_ATTRIBUTES = 17;
    private static final String SCHEME = "http";

    private final String method;
    private final Target target;
    /** {@code url.path} and {@code url.query}, redacted when redaction is on; the template is the redacted path's. */
    private final String path;

    private final String query;
    private final String template;
    private final boolean client;
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
        HeaderSection requestHead =
                HeaderSection.parse(requestBytes, line.end() < 0 ? requestBytes.length : line.end());
        requests = countRequests(requestBytes, requestHead);
        Response response = Response.find(answer.prefix());
        method = line.method();
        target = Target.of(requestBytes, line.targetStart(), line.targetEnd());
        client = exchange.connection() != null && exchange.connection().role() == Role.CLIENT;
        host = requestHead.hostStart() < 0
                ? null
                : PayloadText.render(
                        requestBytes, requestHead.hostStart(), requestHead.hostEnd() - requestHead.hostStart());
        userAgent = requestHead.userAgentStart() < 0
                ? null
                : PayloadText.render(
                        requestBytes,
                        requestHead.userAgentStart(),
                        requestHead.userAgentEnd() - requestHead.userAgentStart());
        requestBodySize = bodySize(requestBytes, requestHead, request.totalBytes(), requests == 1);
        status = response.status() == null ? -1 : response.status().status();
        responseBodySize = response.status() != null && response.head() != null && response.hasBody(method)
                ? bodySize(answer.prefix(), response.head(), answer.totalBytes(), requests == 1)
                : -1;
        version = line.version() != null
                ? line.version()
                : response.status() != null ? response.status().version() : null;
        chunked = requestHead.chunked()
                || (response.head() != null && response.head().chunked());
        if (redaction.enabled()) {
            Redacted requestRedacted = TextSecrets.redact(requestBytes);
            Redacted responseRedacted = TextSecrets.redact(answer.prefix());
            requestPreview = requestRedacted.bytes();
            responsePreview = responseRedacted.bytes();
            path = target.path() == null ? null : TextSecrets.redact(target.path());
            query = target.query() == null ? null : TextSecrets.redact(target.query());
            redacted = requestRedacted.changed()
                    || responseRedacted.changed()
                    || path != target.path()
                    || query != target.query();
        } else {
            requestPreview = requestBytes;
            responsePreview = answer.prefix();
            path = target.path();
            query = target.query();
            redacted = false;
        }
        template = path == null ? null : PathTemplate.of(path);
    }

    /**
     * Under the HTTP semantic conventions a client span fails on 4xx and 5xx (the request did not get what it
     * asked for), a server span only on 5xx (a 4xx is the client's mistake, handled well).
     */
    boolean error() {
        return status >= (client ? 400 : 500);
    }

    /** {@code METHOD template} ({@link PathTemplate}), shortened; the method alone for a target without a path. */
    String spanName() {
        if (template == null) {
            return method;
        }
        String shown = template.length() > SPAN_PATH_LIMIT ? template.substring(0, SPAN_PATH_LIMIT) + "..." : template;
        return method + " " + shown;
    }

    /** The attributes in key order, without {@code uds.redacted}. */
    SortedAttributes attributes() {
        SortedAttributes.Builder a = SortedAttributes.builder(MOST_ATTRIBUTES);
        if (error()) {
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
        if (path != null) {
            a.put(PATH, path);
        }
        if (query != null) {
            a.put(QUERY, query);
        }
        a.put(SCHEME_KEY, SCHEME);
        if (template != null) {
            a.put(TEMPLATE, template);
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
            return singleMessage && totalBytes >= head.bodyStart()
                    ? ChunkFraming.payloadOf(bytes, head.bodyStart(), totalBytes - head.bodyStart())
                    : -1;
        }
        return head.contentLength();
    }
}
