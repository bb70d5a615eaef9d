package dev.udsotel.core.protocol.fuzz;

import dev.udsotel.core.payload.PayloadText;
import dev.udsotel.core.protocol.DecodedExchange;

/** Decoded exchanges as text for failure messages. */
final class Render {
    private Render() {}

    static String of(DecodedExchange decoded) {
        return decoded.spanName() + " " + decoded.attributes() + " error=" + decoded.error() + " request preview "
                + PayloadText.render(decoded.requestPreview()) + " response preview "
                + PayloadText.render(decoded.responsePreview());
    }
}
