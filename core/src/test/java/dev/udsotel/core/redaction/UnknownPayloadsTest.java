package dev.udsotel.core.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The word-at-a-time text-or-binary test answers exactly as the byte-by-byte rule it stands for. */
class UnknownPayloadsTest {

    @Test
    void looksBinaryAnswersAsTheByteByByteRuleForRandomBytesAndRanges() {
        SplittableRandom random = new SplittableRandom(20261206);
        int binary = 0;
        for (int round = 0; round < 100_000; round++) {
            byte[] bytes = generated(random);
            int from = random.nextInt(bytes.length + 1);
            int to = from + random.nextInt(bytes.length - from + 1);
            boolean expected = byteByByte(bytes, from, to);
            assertEquals(expected, UnknownPayloads.looksBinary(bytes, from, to), () -> "from " + from + " to " + to);
            binary += expected ? 1 : 0;
        }
        assertEquals(true, binary > 10_000 && binary < 90_000, "both answers were tried: " + binary);
    }

    /** Text with a chosen rate of control bytes, high bytes and NULs, around the rule's thresholds. */
    private static byte[] generated(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(700)];
        double control = random.nextDouble() * 0.1;
        double high = random.nextDouble() * 0.5;
        double nul = random.nextInt(4) == 0 ? 0.01 : 0;
        for (int i = 0; i < bytes.length; i++) {
            double r = random.nextDouble();
            bytes[i] = r < nul
                    ? 0
                    : r < nul + control
                            ? (byte) (random.nextBoolean() ? 1 + random.nextInt(0x1f) : 0x7f)
                            : r < nul + control + high
                                    ? (byte) (0x80 + random.nextInt(0x80))
                                    : (byte)
                                            (random.nextInt(8) == 0
                                                    ? "\r\n\t".charAt(random.nextInt(3))
                                                    : 0x20 + random.nextInt(0x5f));
        }
        return bytes;
    }

    private static boolean byteByByte(byte[] bytes, int from, int to) {
        int end = Math.min(to, from + 512);
        int control = 0;
        int high = 0;
        for (int i = from; i < end; i++) {
            int b = bytes[i] & 0xff;
            if (b == 0) {
                return true;
            }
            if ((b < 0x20 && b != '\r' && b != '\n' && b != '\t') || b == 0x7f) {
                control++;
            } else if (b >= 0x80) {
                high++;
            }
        }
        int n = end - from;
        return control * 20 > n || high * 3 > n;
    }
}
