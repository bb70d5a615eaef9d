package dev.udsotel.core.protocol.fuzz;

import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.protocol.ProtocolAttributes;
import dev.udsotel.core.protocol.ProtocolDecoder;
import io.opentelemetry.api.common.AttributeKey;
import java.util.Arrays;
import java.util.List;

/**
 * What every decoder promises for any input, checked through its public methods only: recognizing and decoding
 * never throw and never write into the captured bytes; a decoded exchange has all its parts; decoding the same
 * bytes twice gives the same result; attribute values and previews stay within a bound set by the input's size;
 * counts and sizes are never negative; with redaction off the previews are the captured bytes, and with it on
 * {@code uds.redacted} is set exactly when a preview differs from them.
 */
final class DecoderContract {
    private DecoderContract() {}

    /** The decoded exchange, or null when the decoder did not recognize the traffic. */
    static DecodedExchange verify(ProtocolDecoder decoder, Traffic traffic) {
        Exchange exchange = traffic.exchange();
        boolean recognized = decoder.recognizes(exchange);
        requireUntouched(traffic, exchange);
        if (!recognized) {
            return null;
        }
        DecodedExchange decoded = decoder.decode(exchange, traffic.redaction());
        requireUntouched(traffic, exchange);
        requireWellFormed(decoded, traffic);
        requireSame(decoded, decoder.decode(traffic.exchange(), traffic.redaction()));
        boolean changed = !Arrays.equals(traffic.request(), decoded.requestPreview())
                || !Arrays.equals(traffic.response(), decoded.responsePreview());
        boolean keyMaterial = decoded.protocol() != null
                && (decoded.protocol().equals("ssh-agent") || decoded.protocol().equals("gpg-agent"));
        if (!traffic.redact() && changed && !keyMaterial) {
            throw new AssertionError(
                    "redaction is off, yet a preview differs from the captured bytes: " + Render.of(decoded));
        }
        if (changed != Boolean.TRUE.equals(decoded.attributes().get(ProtocolAttributes.REDACTED))) {
            throw new AssertionError("uds.redacted disagrees with the previews: " + Render.of(decoded));
        }
        return decoded;
    }

    static void requireUntouched(Traffic traffic, Exchange exchange) {
        if (!Arrays.equals(traffic.request(), exchange.request().prefix())
                || !Arrays.equals(traffic.response(), exchange.response().prefix())) {
            throw new AssertionError("the decoder wrote into the captured bytes");
        }
    }

    static void requireWellFormed(DecodedExchange decoded, Traffic traffic) {
        if (decoded == null
                || decoded.spanName() == null
                || decoded.attributes() == null
                || decoded.requestPreview() == null
                || decoded.responsePreview() == null) {
            throw new AssertionError("incomplete result: " + decoded);
        }
        long limit = 4L * (traffic.request().length + traffic.response().length) + 64;
        if (decoded.spanName().isEmpty() || decoded.spanName().length() > limit) {
            throw new AssertionError("span name of " + decoded.spanName().length() + " characters (limit " + limit
                    + "): " + decoded.spanName());
        }
        decoded.attributes().forEach((key, value) -> requireBounded(key, value, limit));
        requirePreviewBounded(decoded.requestPreview(), traffic.request());
        requirePreviewBounded(decoded.responsePreview(), traffic.response());
    }

    private static void requireBounded(AttributeKey<?> key, Object value, long limit) {
        if (value instanceof String text && text.length() > limit) {
            throw new AssertionError(key + " holds " + text.length() + " characters, limit " + limit);
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                requireBounded(key, item, limit);
            }
        }
        if (value instanceof Long number && number < 0) {
            throw new AssertionError(key + " is negative: " + number);
        }
    }

    /** Redaction may lengthen a preview (a short secret becomes the mark) but never by more than this. */
    private static void requirePreviewBounded(byte[] preview, byte[] captured) {
        if (preview.length > 3L * captured.length + 64) {
            throw new AssertionError("a preview of " + preview.length + " bytes for " + captured.length + " captured");
        }
    }

    static void requireSame(DecodedExchange first, DecodedExchange second) {
        if (!first.spanName().equals(second.spanName())
                || !first.attributes().equals(second.attributes())
                || !Arrays.equals(first.requestPreview(), second.requestPreview())
                || !Arrays.equals(first.responsePreview(), second.responsePreview())
                || first.error() != second.error()) {
            throw new AssertionError(
                    "decoding the same bytes twice differed:\n  " + Render.of(first) + "\n  " + Render.of(second));
        }
    }
}
