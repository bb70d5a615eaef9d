package dev.udsotel.core.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ByteScanTest {

    @Test
    void findsEveryByteValueAtEveryPositionOfAWordAsALoopWould() {
        for (int length = 0; length <= 24; length++) {
            for (int at = 0; at < length; at++) {
                for (int value = 0; value < 256; value++) {
                    byte[] bytes = new byte[length];
                    java.util.Arrays.fill(bytes, (byte) 'a');
                    bytes[at] = (byte) value;
                    for (int from = 0; from <= length; from += 3) {
                        assertEquals(
                                byteByByteIndexOf(bytes, (byte) value, from, length),
                                ByteScan.indexOf(bytes, (byte) value, from, length));
                        assertEquals(
                                byteByByteFirstNotShownAsIs(bytes, from, length),
                                ByteScan.firstNotShownAsIs(bytes, from, length));
                        assertEquals(
                                Math.min(
                                        byteByByteIndexOf(bytes, (byte) value, from, length),
                                        byteByByteIndexOf(bytes, (byte) '=', from, length)),
                                ByteScan.indexOfEither(bytes, (byte) value, (byte) '=', from, length));
                    }
                }
            }
        }
    }

    @Test
    void answersAsALoopWouldForRandomBytesAndRanges() {
        SplittableRandom random = new SplittableRandom(20261129);
        for (int round = 0; round < 50_000; round++) {
            byte[] bytes = PayloadTexts.generated(random);
            int from = random.nextInt(bytes.length + 1);
            int to = from + random.nextInt(bytes.length - from + 1);
            byte value = random.nextBoolean() ? (byte) ':' : (byte) random.nextInt(256);
            assertEquals(byteByByteIndexOf(bytes, value, from, to), ByteScan.indexOf(bytes, value, from, to));
            assertEquals(byteByByteFirstNotShownAsIs(bytes, from, to), ByteScan.firstNotShownAsIs(bytes, from, to));
            byte other = (byte) random.nextInt(256);
            assertEquals(
                    Math.min(byteByByteIndexOf(bytes, value, from, to), byteByByteIndexOf(bytes, other, from, to)),
                    ByteScan.indexOfEither(bytes, value, other, from, to));
        }
    }

    private static int byteByByteIndexOf(byte[] bytes, byte value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return to;
    }

    private static int byteByByteFirstNotShownAsIs(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            int b = bytes[i] & 0xff;
            if (b < 0x20 || b > 0x7e || b == '\\') {
                return i;
            }
        }
        return to;
    }
}
