package dev.udsotel.core.protocol;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;

/**
 * What a decoder made of one exchange, as the span builder takes it: the decoder's attributes in key order, with
 * the two extras {@code uds.protocol} and {@code uds.redacted} kept apart so that nothing is merged or sorted on the
 * export thread ({@link #attributes()} gives the merged set).
 *
 * @param spanName such as {@code GET /containers/json} or {@code SET}; from a decoder, null for the generic name
 * @param decoderAttributes protocol attributes under the semantic conventions ({@code http.*}, {@code db.*}), in key
 *     order, without {@code uds.protocol} and {@code uds.redacted}
 * @param protocol the {@code uds.protocol} value, or null when no decoder understood the exchange
 * @param redacted whether a secret was removed ({@code uds.redacted=true})
 * @param requestPreview the request prefix with secrets replaced; safe to export
 * @param responsePreview the response prefix with secrets replaced; safe to export
 * @param error whether the protocol reported a failure (HTTP 5xx, a Redis error reply...)
 */
public record DecodedExchange(
        String spanName,
        Attributes decoderAttributes,
        String protocol,
        boolean redacted,
        byte[] requestPreview,
        byte[] responsePreview,
        boolean error) {

    /** A decoder's result, not yet checked by the registry. */
    public static DecodedExchange of(
            String spanName,
            Attributes attributes,
            String protocol,
            boolean redacted,
            byte[] requestPreview,
            byte[] responsePreview,
            boolean error) {
        return new DecodedExchange(spanName, attributes, protocol, redacted, requestPreview, responsePreview, error);
    }

    /** The attributes as one set: the decoder's with {@code uds.protocol} and {@code uds.redacted}. */
    public Attributes attributes() {
        var builder = decoderAttributes.toBuilder();
        if (protocol != null) {
            builder.put(ProtocolAttributes.PROTOCOL, protocol);
        }
        if (redacted) {
            builder.put(ProtocolAttributes.REDACTED, true);
        }
        return builder.build();
    }

    /** The same result with other previews; {@code redacted} when they are. */
    public DecodedExchange withPreviews(byte[] request, byte[] response, boolean moreRedacted) {
        return new DecodedExchange(
                spanName, decoderAttributes, protocol, redacted || moreRedacted, request, response, error);
    }

    /** The same result with other attributes (already in key order, without the extras). */
    public DecodedExchange withAttributes(Attributes attributes, boolean moreRedacted) {
        return new DecodedExchange(
                spanName, attributes, protocol, redacted || moreRedacted, requestPreview, responsePreview, error);
    }

    /** Whether the span builder can write the attributes as they are: complete, in key order, extras apart. */
    boolean wellFormed() {
        if (decoderAttributes == null || requestPreview == null || responsePreview == null) {
            return false;
        }
        if (!(decoderAttributes instanceof SortedAttributes)
                && decoderAttributes.getClass() != Attributes.empty().getClass()) {
            return false; // not sorted and de-duplicated by the API's builder
        }
        boolean[] clash = new boolean[1];
        decoderAttributes.forEach((key, value) -> clash[0] |= isExtra(key));
        return !clash[0];
    }

    /** This result with the extras lifted out of the attributes and those sorted, as {@link #wellFormed} wants. */
    DecodedExchange normalized() {
        var builder = io.opentelemetry.api.common.Attributes.builder();
        boolean[] flagged = new boolean[1];
        decoderAttributes.forEach((key, value) -> {
            if (key.getKey().equals(ProtocolAttributes.REDACTED.getKey())) {
                flagged[0] |= Boolean.TRUE.equals(value);
            } else if (!isExtra(key)) {
                putUnchecked(builder, key, value);
            }
        });
        return new DecodedExchange(
                spanName, builder.build(), protocol, redacted || flagged[0], requestPreview, responsePreview, error);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void putUnchecked(
            io.opentelemetry.api.common.AttributesBuilder builder, AttributeKey key, Object value) {
        builder.put(key, value);
    }

    private static boolean isExtra(AttributeKey<?> key) {
        String name = key.getKey();
        return name.equals(ProtocolAttributes.PROTOCOL.getKey()) || name.equals(ProtocolAttributes.REDACTED.getKey());
    }
}
