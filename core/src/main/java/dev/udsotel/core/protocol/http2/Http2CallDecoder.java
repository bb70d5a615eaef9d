package dev.udsotel.core.protocol.http2;

import dev.udsotel.core.event.Role;
import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.protocol.ProtocolAttributes;
import dev.udsotel.core.redaction.Redacted;
import dev.udsotel.core.redaction.Redaction;
import dev.udsotel.core.redaction.TextSecrets;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.nio.charset.StandardCharsets;

/**
 * Names one {@link Http2Call} and gives its attributes: {@code {package.Service}/{Method}} with {@code rpc.*} for
 * gRPC, {@code {method} {path}} with {@code http.*} for other requests.
 *
 * <p>Names come only from what is certain. When a header block was lost, a field that referred to a forgotten
 * table entry is unknown; if the name needs it, the span keeps the generic name and
 * {@code uds.http2.decodable=false}, rather than a guess. The previews are the header fields as text lines
 * ({@code name: value}, an unknown part as {@code ?}); with redaction on, the values of credential-named fields and
 * query parameters are replaced ({@link TextSecrets}, the rule HTTP/1 follows).
 */
public final class Http2CallDecoder {
    public static final String PROTOCOL = "http2";
    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<String> QUERY = AttributeKey.stringKey("url.query");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<Long> REQUEST_BODY_SIZE = AttributeKey.longKey("http.request.body.size");
    static final AttributeKey<Long> RESPONSE_BODY_SIZE = AttributeKey.longKey("http.response.body.size");
    static final AttributeKey<String> PROTOCOL_NAME = AttributeKey.stringKey("network.protocol.name");
    static final AttributeKey<String> PROTOCOL_VERSION = AttributeKey.stringKey("network.protocol.version");
    static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
    static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
    static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
    static final AttributeKey<Long> GRPC_STATUS = AttributeKey.longKey("rpc.grpc.status_code");
    public static final AttributeKey<Long> STREAM_ID = AttributeKey.longKey("uds.http2.stream_id");
    public static final AttributeKey<Boolean> DECODABLE = AttributeKey.booleanKey("uds.http2.decodable");
    public static final AttributeKey<Boolean> HEADERS_LOST = AttributeKey.booleanKey("uds.http2.headers_lost");
    public static final AttributeKey<Boolean> COMPLETE = AttributeKey.booleanKey("uds.http2.complete");
    public static final AttributeKey<Long> REQUEST_MESSAGES = AttributeKey.longKey("uds.grpc.request.messages");
    public static final AttributeKey<Long> RESPONSE_MESSAGES = AttributeKey.longKey("uds.grpc.response.messages");
    public static final AttributeKey<Long> REQUEST_MESSAGE_BYTES =
            AttributeKey.longKey("uds.grpc.request.message_bytes");
    public static final AttributeKey<Long> RESPONSE_MESSAGE_BYTES =
            AttributeKey.longKey("uds.grpc.response.message_bytes");
    private static final int SPAN_PATH_LIMIT = 100;

    private Http2CallDecoder() {}

    /** The span name (null for the generic one), attributes and redacted previews of one call. */
    public static DecodedExchange decode(Http2Call call, Role role, Redaction redaction) {
        boolean redacting = redaction == null || redaction.enabled();
        HeaderBlock request = call.request();
        String path = request.value(":path");
        String method = request.value(":method");
        AttributesBuilder a = Attributes.builder();
        a.put(PROTOCOL_NAME, "http").put(PROTOCOL_VERSION, "2").put(STREAM_ID, (long) call.streamId());
        if (call.headerBlocksLost()) {
            a.put(HEADERS_LOST, true);
        }
        if (!call.complete()) {
            a.put(COMPLETE, false);
        }
        String spanName;
        boolean error;
        if (isGrpc(call)) {
            spanName = grpc(call, path, role, a);
            error = grpcError(call, role);
        } else {
            spanName = http(call, method, path, a, redacting);
            String status = call.response().value(":status");
            error = status != null && status.length() == 3 && status.charAt(0) == '5';
            if (error) {
                a.put(ProtocolAttributes.ERROR_TYPE, status);
            }
        }
        if (spanName == null) {
            a.put(DECODABLE, false);
        }
        StreamEvent reset = call.reset();
        if (reset != null && !reset.errorCode().equals("NO_ERROR")) {
            error = true;
            a.put(ProtocolAttributes.ERROR_TYPE, reset.errorCode());
        }
        byte[] requestPreview = preview(call.request(), null);
        byte[] responsePreview = preview(call.response(), call.trailers());
        boolean scrubbed = false;
        if (redacting) {
            Redacted requestRedacted = TextSecrets.redact(requestPreview);
            Redacted responseRedacted = TextSecrets.redact(responsePreview);
            scrubbed = requestRedacted.changed() || responseRedacted.changed();
            requestPreview = requestRedacted.bytes();
            responsePreview = responseRedacted.bytes();
        }
        return DecodedExchange.of(spanName, a.build(), PROTOCOL, scrubbed, requestPreview, responsePreview, error);
    }

    /** gRPC when a content type says so, or the response carries a gRPC status. */
    static boolean isGrpc(Http2Call call) {
        return grpcType(call.request().value("content-type"))
                || grpcType(call.response().value("content-type"))
                || call.response().value("grpc-status") != null
                || (call.trailers() != null && call.trailers().value("grpc-status") != null);
    }

    private static boolean grpcType(String contentType) {
        return contentType != null && contentType.startsWith("application/grpc");
    }

    private static String grpc(Http2Call call, String path, Role role, AttributesBuilder a) {
        a.put(RPC_SYSTEM, "grpc");
        String name = null;
        if (path != null && path.length() > 1 && path.charAt(0) == '/') {
            int slash = path.indexOf('/', 1);
            if (slash > 1 && slash < path.length() - 1) {
                String service = path.substring(1, slash);
                String method = path.substring(slash + 1);
                a.put(RPC_SERVICE, service).put(RPC_METHOD, method);
                name = service + "/" + method;
            }
        }
        int status = grpcStatus(call);
        if (status >= 0) {
            a.put(GRPC_STATUS, (long) status);
            if (GrpcStatus.isError(status, role == Role.SERVER)) {
                a.put(ProtocolAttributes.ERROR_TYPE, GrpcStatus.name(status));
            }
        }
        a.put(REQUEST_MESSAGES, (long) call.requestMessages());
        a.put(RESPONSE_MESSAGES, (long) call.responseMessages());
        a.put(REQUEST_MESSAGE_BYTES, call.requestMessageBytes());
        a.put(RESPONSE_MESSAGE_BYTES, call.responseMessageBytes());
        if (!call.messagesExact()) {
            a.put(AttributeKey.booleanKey("uds.grpc.messages_exact"), false);
        }
        return name;
    }

    /** From the trailers, or from a trailers-only response. */
    private static int grpcStatus(Http2Call call) {
        String value = call.trailers() != null ? call.trailers().value("grpc-status") : null;
        if (value == null) {
            value = call.response().value("grpc-status");
        }
        return GrpcStatus.parse(value);
    }

    private static boolean grpcError(Http2Call call, Role role) {
        return GrpcStatus.isError(grpcStatus(call), role == Role.SERVER);
    }

    private static String http(Http2Call call, String method, String path, AttributesBuilder a, boolean redacting) {
        if (method != null) {
            a.put(METHOD, method);
        }
        String pathOnly = null;
        if (path != null) {
            int query = path.indexOf('?');
            pathOnly = query < 0 ? path : path.substring(0, query);
            a.put(PATH, pathOnly);
            if (query >= 0) {
                String value = path.substring(query + 1);
                a.put(QUERY, redacting ? TextSecrets.redact(value) : value);
            }
        }
        String status = call.response().value(":status");
        if (status != null && GrpcStatus.parse(status) >= 0) {
            a.put(STATUS, (long) GrpcStatus.parse(status));
        }
        a.put(REQUEST_BODY_SIZE, call.requestBytes());
        a.put(RESPONSE_BODY_SIZE, call.responseBytes());
        if (method == null || pathOnly == null) {
            return null;
        }
        if (pathOnly.length() > SPAN_PATH_LIMIT) {
            pathOnly = pathOnly.substring(0, SPAN_PATH_LIMIT) + "...";
        }
        return method + " " + pathOnly;
    }

    /** The fields as {@code name: value} lines; unknown parts as {@code ?}. */
    static byte[] preview(HeaderBlock block, HeaderBlock trailers) {
        StringBuilder text = new StringBuilder();
        lines(block, text);
        if (trailers != null) {
            lines(trailers, text);
        }
        return text.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void lines(HeaderBlock block, StringBuilder text) {
        for (HeaderField field : block.fields()) {
            text.append(field.name() == null ? "?" : field.name())
                    .append(": ")
                    .append(field.value() == null ? "?" : field.value())
                    .append('\n');
        }
        if (block.cut()) {
            text.append("...\n");
        }
    }
}
