package dev.udsotel.core.protocol.fuzz;

import dev.udsotel.core.payload.PayloadText;
import dev.udsotel.core.redaction.Redacted;
import dev.udsotel.core.redaction.TextSecrets;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The text redactor (the second line of defence behind every decoder, and the only one for text no decoder knows) against a million header soups: credential names in any case, with and without blanks and colons,
 * values empty, cut, folded over several lines or already redacted, between random bytes and line breaks.
 * Inputs: 1,000,000 tries.
 */
class TextSecretsFuzzTest {
    private static final String[] NAMES = {
        "Authorization",
        "Proxy-Authorization",
        "Cookie",
        "Set-Cookie",
        "X-Registry-Auth",
        "X-Registry-Config",
        "authorization",
        "COOKIE",
        "X-Authorization",
        "Cookie2",
        "Host",
        "Content-Length",
        "Authorizatio",
        "Cooki",
        "X-Registry"
    };
    private static final byte[][] BLANKS = latin1("", " ", "  ", "\t", " \t");
    private static final byte[][] BREAKS = latin1("\r\n", "\n", "\r", "", "\r\n ", "\r\n\t", "\n ");
    private static final byte[][] VALUES =
            latin1("Bearer ", "Basic ", "session=", "", "[REDACTED]", "[REDACTED] x", "[redacted]");

    @Test
    void leavesNoCredentialValueAndIsIdempotent() {
        redactorProperty("credential header redactor: header soups and random bytes", NAMES, 1_000_000, 0xc4ed_0001L);
    }

    /** Found by the registry property (shrunk to {@code X-Registry-Authorization:a}), fixed since. */
    @Test
    void redactsNamesThatEndInAuthorizationAfterXRegistry() {
        redactorProperty(
                "credential header redactor: X-Registry-Authorization",
                new String[] {"X-Registry-Authorization", "x-registry-authorization", "X-REGISTRY-AUTHORIZATION"},
                10_000,
                0xc4ed_0002L);
    }

    private static void redactorProperty(String name, String[] names, int tries, long seed) {
        byte[][] encodedNames = latin1(names);
        Property.forAll(name, random -> headerSoup(random, encodedNames))
                .tries(tries)
                .seed(seed)
                .describedBy(PayloadText::render)
                .shrinkingWith(ByteShrinking::removals)
                .check(bytes -> {
                    byte[] original = bytes.clone();
                    Redacted redacted = TextSecrets.redact(bytes);
                    if (!Arrays.equals(original, bytes)) {
                        throw new AssertionError("the redactor wrote into its input");
                    }
                    if (redacted.changed() == Arrays.equals(original, redacted.bytes())) {
                        throw new AssertionError("changed=" + redacted.changed() + " but the output is "
                                + PayloadText.render(redacted.bytes()));
                    }
                    if (!CredentialHeaders.noValueIn(redacted.bytes())) {
                        throw new AssertionError("a value survived: " + PayloadText.render(redacted.bytes()));
                    }
                    Redacted again = TextSecrets.redact(redacted.bytes());
                    if (again.changed() || !Arrays.equals(again.bytes(), redacted.bytes())) {
                        throw new AssertionError("redacting twice changed " + PayloadText.render(redacted.bytes())
                                + " into " + PayloadText.render(again.bytes()));
                    }
                    if (redacted.bytes().length
                            > original.length + 10 * (count(original, (byte) ':') + count(original, (byte) '=') + 1)) {
                        throw new AssertionError("the output grew beyond one mark per separator");
                    }
                });
    }

    private static byte[] headerSoup(SplittableRandom random, byte[][] names) {
        if (random.nextInt(8) == 0) {
            return Mutations.randomBytes(random);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        int parts = 1 + random.nextInt(8);
        for (int p = 0; p < parts; p++) {
            switch (random.nextInt(5)) {
                case 0 -> {
                    byte[] junk = new byte[random.nextInt(12)];
                    random.nextBytes(junk);
                    out.writeBytes(junk);
                }
                case 1 -> out.writeBytes(pick(random, BREAKS));
                default -> {
                    out.writeBytes(pick(random, names));
                    out.writeBytes(pick(random, BLANKS));
                    if (random.nextInt(8) != 0) {
                        out.write(':');
                    }
                    out.writeBytes(pick(random, BLANKS));
                    out.writeBytes(pick(random, VALUES));
                    int secret = random.nextInt(24);
                    for (int k = 0; k < secret; k++) {
                        out.write(random.nextInt(4) == 0 ? random.nextInt(256) : 'a' + random.nextInt(26));
                    }
                    out.writeBytes(pick(random, BREAKS));
                }
            }
        }
        byte[] bytes = out.toByteArray();
        return random.nextInt(4) == 0 ? Arrays.copyOf(bytes, random.nextInt(bytes.length + 1)) : bytes;
    }

    private static int count(byte[] bytes, byte wanted) {
        int n = 0;
        for (byte b : bytes) {
            if (b == wanted) {
                n++;
            }
        }
        return n;
    }

    private static byte[] pick(SplittableRandom random, byte[][] choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static byte[][] latin1(String... texts) {
        return java.util.Arrays.stream(texts).map(Wire::latin1).toArray(byte[][]::new);
    }
}
