package dev.udsotel.core.span;

import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.protocol.ProtocolAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanBuilder;
import java.util.function.BiConsumer;

/**
 * Writes a decoder's attributes and the extras ({@code uds.protocol}, {@code uds.redacted}) into a span builder in
 * the order {@code setAllAttributes(decoded.attributes())} would, key by key in sorted order, without building
 * the merged set: the span ends up the same even when a span attribute limit keeps only the first ones. Used by one
 * thread.
 */
final class DecodedAttributes implements BiConsumer<AttributeKey<?>, Object> {
    private static final String PROTOCOL = ProtocolAttributes.PROTOCOL.getKey();
    private static final String REDACTED = ProtocolAttributes.REDACTED.getKey();

    private SpanBuilder builder;
    private String protocol;
    private boolean redacted;

    void write(SpanBuilder into, DecodedExchange decoded) {
        builder = into;
        protocol = decoded.protocol();
        redacted = decoded.redacted();
        decoded.decoderAttributes().forEach(this);
        extrasUpTo(null);
        builder = null;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void accept(AttributeKey<?> key, Object value) {
        extrasUpTo(key.getKey());
        builder.setAttribute((AttributeKey) key, value);
    }

    /** The extras that sort before {@code name} (all when null) and are not written yet. */
    private void extrasUpTo(String name) {
        if (protocol != null && (name == null || sortsAfter(name, PROTOCOL))) {
            builder.setAttribute(ProtocolAttributes.PROTOCOL, protocol);
            protocol = null;
        }
        if (redacted && (name == null || sortsAfter(name, REDACTED))) {
            builder.setAttribute(ProtocolAttributes.REDACTED, true);
            redacted = false;
        }
    }

    /** {@code name.compareTo(extra) > 0}, answered by the first character for most names. */
    private static boolean sortsAfter(String name, String extra) {
        if (name.isEmpty() || name.charAt(0) != extra.charAt(0)) {
            return !name.isEmpty() && name.charAt(0) > extra.charAt(0);
        }
        return name.compareTo(extra) > 0;
    }
}
