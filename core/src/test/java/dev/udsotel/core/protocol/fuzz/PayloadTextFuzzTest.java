package dev.udsotel.core.protocol.fuzz;

import dev.udsotel.core.payload.PayloadText;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The payload rendering every preview goes through, against a million random byte strings and ranges: it never
 * throws, writes only printable ASCII, at most four characters a byte, renders a range as it renders the clipped
 * copy of that range, and {@link PayloadText#parse} gives back the exact bytes. Parse also takes arbitrary text
 * without throwing. Inputs: 1,000,000 tries, each rendered twice and parsed twice.
 */
class PayloadTextFuzzTest {
    private record Slice(byte[] bytes, int offset, int length, String text) {
        @Override
        public String toString() {
            return "bytes " + Arrays.toString(bytes) + " offset " + offset + " length " + length + " text "
                    + text.chars().mapToObj(Integer::toHexString).toList();
        }
    }

    /** The bytes the rendering treats specially, and their neighbours. */
    private static final byte[] LIKELY = Wire.latin1("\\\\x\r\n\ta0fF\u0000\u007f\u0080\u00ff ~");

    @Test
    void rendersPrintablyAndParsesBackExactly() {
        Property.forAll("payload text: render and parse", PayloadTextFuzzTest::slice)
                .tries(1_000_000)
                .seed(0x7e77_0001L)
                .shrinkingWith(s -> DecoderProperties.mapped(
                        ByteShrinking.removals(s.bytes()), b -> new Slice(b, s.offset(), s.length(), s.text())))
                .check(s -> {
                    byte[] bytes = s.bytes();
                    String text = PayloadText.render(bytes);
                    if (text.length() > 4L * bytes.length) {
                        throw new AssertionError("more than four characters a byte: " + text);
                    }
                    for (int i = 0; i < text.length(); i++) {
                        char c = text.charAt(i);
                        if (c < 0x20 || c > 0x7e) {
                            throw new AssertionError("unprintable character " + (int) c + " in " + text);
                        }
                    }
                    if (!Arrays.equals(bytes, PayloadText.parse(text))) {
                        throw new AssertionError("parse(render(bytes)) differs: " + text);
                    }
                    int from = Math.max(0, Math.min(s.offset(), bytes.length));
                    int to = (int) Math.max(from, Math.min((long) from + Math.max(0, s.length()), bytes.length));
                    String range = PayloadText.render(bytes, s.offset(), s.length());
                    if (!range.equals(PayloadText.render(Arrays.copyOfRange(bytes, from, to)))) {
                        throw new AssertionError("the range renders differently from its copy: " + range);
                    }
                    PayloadText.parse(s.text());
                });
    }

    private static Slice slice(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(64) == 0 ? random.nextInt(4_096) : random.nextInt(48)];
        if (random.nextBoolean()) {
            random.nextBytes(bytes);
        } else {
            random.nextBytes(bytes);
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = LIKELY[(bytes[i] & 0xff) % LIKELY.length];
            }
        }
        int[] extremes = {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, bytes.length, bytes.length + 1};
        int offset =
                random.nextBoolean() ? random.nextInt(bytes.length + 1) : extremes[random.nextInt(extremes.length)];
        int length =
                random.nextBoolean() ? random.nextInt(bytes.length + 1) : extremes[random.nextInt(extremes.length)];
        char[] text = new char[random.nextInt(64)];
        String alphabet = "\\x0123456789abcdefABCDEFrnt\u00ff\u0100\u20ac";
        for (int i = 0; i < text.length; i++) {
            text[i] = random.nextBoolean()
                    ? alphabet.charAt(random.nextInt(alphabet.length()))
                    : (char) random.nextInt(0x300);
        }
        return new Slice(bytes, offset, length, new String(text));
    }
}
