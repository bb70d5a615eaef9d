package dev.udsotel.core.protocol;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;

/**
 * A {@link DecodedExchange} before its attributes are merged: what the span builder needs, without building the
 * attributes a second and a third time. {@link #merged} gives the DecodedExchange {@link ProtocolDecoders#decode}
 * returns.
 *
 * @param spanName the decoder's span name, or null for the generic name of the exchange's socket
 * @param attributes the decoder's attributes; they hold no key named {@code uds.protocol} or {@code uds.redacted}
 *     unless {@code protocol} is null and {@code scrubbed} false (already merged)
 * @param protocol the {@code uds.protocol} value to add, or null
 * @param scrubbed whether {@code uds.redacted=true} is to be added: a secret was removed from a preview
 */
public record DecodedParts(String spanName, Attributes attributes, String protocol, boolean scrubbed,
        byte[] requestPreview, byte[] responsePreview, boolean error) {

    /** The attributes as one set: the decoder's with {@code uds.protocol} and {@code uds.redacted} put last. */
    public Attributes mergedAttributes() {
        if (protocol == null && !scrubbed) {
            return attributes instanceof SortedAttributes ? attributes.toBuilder().build() : attributes;
        }
        var builder = attributes.toBuilder();
        if (protocol != null) {
            builder.put(ProtocolAttributes.PROTOCOL, protocol);
        }
        if (scrubbed) {
            builder.put(ProtocolAttributes.REDACTED, true);
        }
        return builder.build();
    }

    /** The whole result, the generic span name being {@code genericName}. */
    public DecodedExchange merged(String genericName) {
        return new DecodedExchange(spanName != null ? spanName : genericName, mergedAttributes(), requestPreview,
                responsePreview, error);
    }

    /** Whether a decoder's attributes can be written after the extras without merging (see {@link #attributes}). */
    static boolean keepsApart(Attributes attributes) {
        if (attributes.getClass() != Attributes.empty().getClass()) {
            return false; // not sorted and de-duplicated by the API's builder
        }
        boolean[] clash = new boolean[1];
        attributes.forEach((key, value) -> clash[0] |= isExtra(key));
        return !clash[0];
    }

    private static boolean isExtra(AttributeKey<?> key) {
        String name = key.getKey();
        return name.equals(ProtocolAttributes.PROTOCOL.getKey()) || name.equals(ProtocolAttributes.REDACTED.getKey());
    }
}
