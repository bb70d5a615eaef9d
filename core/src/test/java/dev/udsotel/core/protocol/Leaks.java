package dev.udsotel.core.protocol;

import static org.junit.jupiter.api.Assertions.fail;

import dev.udsotel.core.payload.PayloadText;

/** Asserts that no visible piece of a secret survives decoding. */
public final class Leaks {
    private static final int SHORTEST_TELLING_PREFIX = 4;

    private Leaks() {}

    /** Neither the secret nor any prefix of it 4 characters or longer is in the previews, span name or attributes. */
    public static void assertNoLeak(DecodedExchange decoded, String secret, String context) {
        String everything = Exchanges.text(decoded.requestPreview()) + "\n" + Exchanges.text(decoded.responsePreview())
                + "\n" + decoded.spanName() + "\n" + decoded.attributes();
        for (int length = SHORTEST_TELLING_PREFIX; length <= secret.length(); length++) {
            if (everything.contains(secret.substring(0, length))) {
                fail(context + ": " + length + " bytes of the secret leaked in request "
                        + PayloadText.render(decoded.requestPreview()) + " / response "
                        + PayloadText.render(decoded.responsePreview()) + " / " + decoded.spanName() + " "
                        + decoded.attributes());
            }
        }
    }
}
