package dev.udsotel.core.protocol;

import io.opentelemetry.api.common.Attributes;

/**
 * What a decoder made of one exchange.
 *
 * @param spanName such as {@code GET /containers/json} or {@code SET}
 * @param attributes protocol attributes under the OpenTelemetry semantic conventions ({@code http.*}, {@code db.*})
 * @param requestPreview the request prefix with secrets replaced; safe to export
 * @param responsePreview the response prefix with secrets replaced; safe to export
 * @param error whether the protocol reported a failure (HTTP 5xx on the client side, a Redis error reply...)
 */
public record DecodedExchange(
        String spanName, Attributes attributes, byte[] requestPreview, byte[] responsePreview, boolean error) {}
