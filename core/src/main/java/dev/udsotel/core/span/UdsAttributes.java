package dev.udsotel.core.span;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.incubating.PeerIncubatingAttributes;

/** The attributes uds-otel records. Semantic-convention names where OpenTelemetry defines one, {@code uds.*} otherwise. */
public final class UdsAttributes {
    public static final AttributeKey<String> NETWORK_TRANSPORT = NetworkAttributes.NETWORK_TRANSPORT;
    public static final AttributeKey<String> NETWORK_PEER_ADDRESS = NetworkAttributes.NETWORK_PEER_ADDRESS;
    public static final AttributeKey<String> NETWORK_LOCAL_ADDRESS = NetworkAttributes.NETWORK_LOCAL_ADDRESS;
    public static final AttributeKey<String> SERVER_ADDRESS = ServerAttributes.SERVER_ADDRESS;
    /** On client spans: the service name of the peer process, so service graphs draw process-to-process edges. */
    public static final AttributeKey<String> PEER_SERVICE = PeerIncubatingAttributes.PEER_SERVICE;

    public static final AttributeKey<String> ERROR_TYPE = ErrorAttributes.ERROR_TYPE;

    /** The same on both ends of one connection: the two socket inodes, lower first. */
    public static final AttributeKey<String> CONNECTION_ID = AttributeKey.stringKey("uds.connection.id");

    public static final AttributeKey<String> SOCKET_TYPE = AttributeKey.stringKey("uds.socket.type");
    public static final AttributeKey<Long> SOCKET_INODE = AttributeKey.longKey("uds.socket.inode");
    public static final AttributeKey<Long> PEER_INODE = AttributeKey.longKey("uds.peer.inode");
    public static final AttributeKey<Long> PEER_PID = AttributeKey.longKey("uds.peer.pid");
    public static final AttributeKey<Long> PEER_UID = AttributeKey.longKey("uds.peer.uid");
    public static final AttributeKey<Long> PEER_GID = AttributeKey.longKey("uds.peer.gid");
    public static final AttributeKey<Long> REQUEST_BYTES = AttributeKey.longKey("uds.request.bytes");
    public static final AttributeKey<Long> RESPONSE_BYTES = AttributeKey.longKey("uds.response.bytes");
    public static final AttributeKey<String> REQUEST_PREVIEW = AttributeKey.stringKey("uds.request.preview");
    public static final AttributeKey<String> RESPONSE_PREVIEW = AttributeKey.stringKey("uds.response.preview");
    public static final AttributeKey<Boolean> REQUEST_TRUNCATED = AttributeKey.booleanKey("uds.request.truncated");
    public static final AttributeKey<Boolean> RESPONSE_TRUNCATED = AttributeKey.booleanKey("uds.response.truncated");
    public static final AttributeKey<Double> TIME_TO_FIRST_BYTE_MS =
            AttributeKey.doubleKey("uds.response.time_to_first_byte_ms");
    public static final AttributeKey<Long> MESSAGES = AttributeKey.longKey("uds.messages");
    /** {@code exchange} for a request with its response, {@code burst} for one-way traffic. */
    public static final AttributeKey<String> EXCHANGE_SHAPE = AttributeKey.stringKey("uds.exchange");
    /** The exchange's number among its connection's request turns, the same at both ends; absent when not known. */
    public static final AttributeKey<Long> EXCHANGE_SEQUENCE = AttributeKey.longKey("uds.exchange.sequence");
    /** Descriptors the exchange's messages passed with SCM_RIGHTS; absent when none. */
    public static final AttributeKey<Long> FDS_PASSED = AttributeKey.longKey("uds.fds_passed");

    public static final AttributeKey<String> PROTOCOL = AttributeKey.stringKey("uds.protocol");

    /** On HTTP/2 span events (RST_STREAM, GOAWAY): the RFC 9113 error code name, who sent it, GOAWAY's last stream. */
    public static final AttributeKey<String> HTTP2_ERROR_CODE = AttributeKey.stringKey("uds.http2.error_code");

    public static final AttributeKey<String> HTTP2_SENDER = AttributeKey.stringKey("uds.http2.sender");
    public static final AttributeKey<Long> HTTP2_LAST_STREAM_ID = AttributeKey.longKey("uds.http2.last_stream_id");

    private UdsAttributes() {}
}
