package dev.udsotel.core.protocol;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.semconv.ErrorAttributes;

/** The {@code uds.*} attributes that every decoder may record. */
public final class ProtocolAttributes {
    /** The name of the decoder that understood the exchange; absent when none did. */
    public static final AttributeKey<String> PROTOCOL = AttributeKey.stringKey("uds.protocol");
    /** True when a secret was removed from a preview. */
    public static final AttributeKey<Boolean> REDACTED = AttributeKey.booleanKey("uds.redacted");
    /** Semantic-convention error classification, such as {@code 500} or {@code WRONGTYPE}. */
    public static final AttributeKey<String> ERROR_TYPE = ErrorAttributes.ERROR_TYPE;

    /** HTTP/1.x requests in one exchange beyond the first (pipelining); absent for one. */
    public static final AttributeKey<Long> HTTP_PIPELINED = AttributeKey.longKey("uds.http.pipelined");
    /** Redis commands in one exchange, when more than one (a pipeline). */
    public static final AttributeKey<Long> REDIS_PIPELINED = AttributeKey.longKey("uds.redis.pipelined");

    private ProtocolAttributes() {}

    /**
     * Whether a decoder saw several requests in one exchange. The two ends of a pipelining connection may split its
     * requests into request turns differently, so their turn numbers no longer pair the same exchanges.
     */
    public static boolean pipelined(Attributes decoderAttributes) {
        return decoderAttributes.get(HTTP_PIPELINED) != null || decoderAttributes.get(REDIS_PIPELINED) != null;
    }
}
