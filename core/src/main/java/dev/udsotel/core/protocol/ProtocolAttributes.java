package dev.udsotel.core.protocol;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.semconv.ErrorAttributes;

/** The {@code uds.*} attributes that every decoder may record. */
public final class ProtocolAttributes {
    /** The name of the decoder that understood the exchange; absent when none did. */
    public static final AttributeKey<String> PROTOCOL = AttributeKey.stringKey("uds.protocol");
    /** True when a secret was removed from a preview. */
    public static final AttributeKey<Boolean> REDACTED = AttributeKey.booleanKey("uds.redacted");
    /** Semantic-convention error classification, such as {@code 500} or {@code WRONGTYPE}. */
    public static final AttributeKey<String> ERROR_TYPE = ErrorAttributes.ERROR_TYPE;

    private ProtocolAttributes() {}
}
