package dev.udsotel.core.protocol.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Structure-aware mutations of valid messages: byte flips, truncation, inserted line breaks and protocol tokens,
 * removed and repeated runs, pieces of other messages, extreme length fields (huge, negative, zero, overflowing,
 * off by one; decimal text for HTTP and RESP, Int32 and Int16 for PostgreSQL), deeply nested RESP arrays, and
 * purely random bytes and token soups.
 */
final class Mutations {
    private static final List<byte[]> EXTREME_NUMBERS = Arrays.stream(("-1 -2 0 -0 1 2147483647 2147483648 4294967295 "
                            + "4294967296 9223372036854775807 9223372036854775808 -9223372036854775808 99999999999999999999 "
                            + "18446744073709551616 00000000000000000001 +1 ffffffff 7fffffffffffffff 1e3 0x10")
                    .split(" "))
            .map(Wire::latin1)
            .toList();
    private static final int[] EXTREME_INT32 = {
        0,
        1,
        3,
        4,
        5,
        8,
        9,
        -1,
        -4,
        Integer.MIN_VALUE,
        Integer.MAX_VALUE,
        0x3fff_ffff,
        0x4000_0000,
        0xff_ffff,
        0x100_0000,
        10_000,
        10_001,
        65_539,
        65_540,
        65_536,
        1024,
        1025
    };
    private static final int[] EXTREME_INT16 = {0, 1, -1, 0x7fff, 0x8000, 0xffff, 2, 1000};
    private static final int[] NESTING = {2, 3, 5, 10, 30, 100, 300, 1_000, 3_000, 10_000};

    private Mutations() {}

    /** One to four mutations of a valid request or response of the dialect. */
    static byte[] mutated(SplittableRandom random, Dialect dialect, List<byte[]> corpus) {
        byte[] bytes = corpus.get(random.nextInt(corpus.size()));
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            bytes = mutateOnce(random, dialect, corpus, bytes);
        }
        return bytes;
    }

    /** Mutations only at or after {@code from}, so the bytes before stay as they were. */
    static byte[] mutatedTail(SplittableRandom random, Dialect dialect, byte[] bytes, int from) {
        byte[] head = Arrays.copyOf(bytes, from);
        byte[] tail = Arrays.copyOfRange(bytes, from, bytes.length);
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            tail = mutateOnce(random, dialect, dialect.requests(), tail);
        }
        return Wire.concat(head, tail);
    }

    static byte[] mutateOnce(SplittableRandom random, Dialect dialect, List<byte[]> corpus, byte[] original) {
        if (original.length == 0) {
            return random.nextBoolean() ? corpus.get(random.nextInt(corpus.size())) : token(random, dialect);
        }
        byte[] bytes = original.clone();
        int at = random.nextInt(bytes.length);
        switch (random.nextInt(13)) {
            case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> bytes[at] = (byte) random.nextInt(256);
            case 2 -> bytes[at] = dialect.specialBytes()[random.nextInt(dialect.specialBytes().length)];
            case 3 -> {
                return splice(bytes, at, at, token(random, dialect));
            }
            case 4 -> {
                return splice(bytes, at, Math.min(bytes.length, at + 1 + random.nextInt(16)), new byte[0]);
            }
            case 5 -> {
                int end = Math.min(bytes.length, at + 1 + random.nextInt(32));
                return splice(bytes, at, at, Arrays.copyOfRange(bytes, at, end));
            }
            case 6 -> {
                return Arrays.copyOf(bytes, at);
            }
            case 7 -> {
                String[] breaks = {"\r\n", "\n", "\r", "\r\n\r\n", "\r\n "};
                return splice(bytes, at, at, Wire.latin1(breaks[random.nextInt(breaks.length)]));
            }
            case 8, 9 -> {
                return dialect.binaryLengths() ? binaryLength(random, bytes) : decimalLength(random, bytes, at);
            }
            case 10 -> {
                byte[] other = corpus.get(random.nextInt(corpus.size()));
                int from = random.nextInt(other.length);
                return splice(
                        bytes,
                        at,
                        random.nextBoolean() ? bytes.length : at,
                        Arrays.copyOfRange(other, from, other.length));
            }
            case 11 -> {
                return dialect == Dialect.REDIS ? nested(random, bytes) : splice(bytes, at, at, bytes);
            }
            default -> {
                return random.nextBoolean() ? randomBytes(random) : tokenSoup(random, dialect);
            }
        }
        return bytes;
    }

    /** A decimal number (a RESP length or count, a Content-Length, a chunk size) replaced with an extreme one. */
    private static byte[] decimalLength(SplittableRandom random, byte[] bytes, int from) {
        int start = -1;
        for (int k = 0; k < bytes.length; k++) {
            int i = (from + k) % bytes.length;
            if (bytes[i] >= '0' && bytes[i] <= '9' || (bytes[i] >= 'a' && bytes[i] <= 'f')) {
                start = i;
                break;
            }
        }
        if (start < 0) {
            return splice(bytes, from, from, EXTREME_NUMBERS.get(random.nextInt(EXTREME_NUMBERS.size())));
        }
        while (start > 0 && isNumberByte(bytes[start - 1])) {
            start--;
        }
        int end = start;
        while (end < bytes.length && isNumberByte(bytes[end])) {
            end++;
        }
        return splice(bytes, start, end, EXTREME_NUMBERS.get(random.nextInt(EXTREME_NUMBERS.size())));
    }

    private static boolean isNumberByte(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || b == '-';
    }

    /** A PostgreSQL length field (found by walking the messages as far as they are sane) or count made extreme. */
    private static byte[] binaryLength(SplittableRandom random, byte[] bytes) {
        int[] fields = new int[16];
        int found = 0;
        int at = bytes.length >= 4 && bytes[0] == 0 ? 0 : 1;
        while (at + 4 <= bytes.length && found < fields.length) {
            fields[found++] = at;
            int length = (bytes[at] & 0xff) << 24
                    | (bytes[at + 1] & 0xff) << 16
                    | (bytes[at + 2] & 0xff) << 8
                    | (bytes[at + 3] & 0xff);
            if (length < 4 || length > bytes.length) {
                break;
            }
            at += length + 1;
        }
        if (found == 0 || random.nextInt(4) == 0) {
            int field = random.nextInt(Math.max(1, bytes.length - 1));
            if (field + 2 > bytes.length) {
                return bytes;
            }
            int value = EXTREME_INT16[random.nextInt(EXTREME_INT16.length)];
            bytes[field] = (byte) (value >>> 8);
            bytes[field + 1] = (byte) value;
            return bytes;
        }
        int field = fields[random.nextInt(found)];
        int old = (bytes[field] & 0xff) << 24
                | (bytes[field + 1] & 0xff) << 16
                | (bytes[field + 2] & 0xff) << 8
                | (bytes[field + 3] & 0xff);
        int value = switch (random.nextInt(3)) {
            case 0 -> old + 1;
            case 1 -> old - 1;
            default -> EXTREME_INT32[random.nextInt(EXTREME_INT32.length)];
        };
        System.arraycopy(Wire.int32(value), 0, bytes, field, 4);
        return bytes;
    }

    /** The command wrapped in RESP arrays nested up to ten thousand deep, or such arrays inserted. */
    private static byte[] nested(SplittableRandom random, byte[] bytes) {
        int depth = NESTING[random.nextInt(NESTING.length)];
        byte[] level = Wire.latin1(random.nextBoolean() ? "*1\r\n" : random.nextBoolean() ? "*2\r\n" : "%1\r\n");
        byte[] prefix = new byte[level.length * depth];
        for (int d = 0; d < depth; d++) {
            System.arraycopy(level, 0, prefix, d * level.length, level.length);
        }
        int at = random.nextBoolean() ? 0 : random.nextInt(bytes.length);
        return splice(bytes, at, at, prefix);
    }

    static byte[] token(SplittableRandom random, Dialect dialect) {
        return dialect.tokens().get(random.nextInt(dialect.tokens().size()));
    }

    /** Purely random bytes, usually a capture's worth, one time in 64 up to 8 KiB. */
    static byte[] randomBytes(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(64) == 0 ? random.nextInt(8_192) : random.nextInt(320)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** The dialect's tokens and random bytes in random order: random input that gets past the first checks. */
    static byte[] tokenSoup(SplittableRandom random, Dialect dialect) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int tokens = random.nextInt(40);
        for (int t = 0; t < tokens; t++) {
            if (random.nextInt(3) == 0) {
                out.write(random.nextInt(256));
            } else {
                out.writeBytes(token(random, dialect));
            }
        }
        return out.toByteArray();
    }

    static byte[] splice(byte[] bytes, int from, int to, byte[] insert) {
        byte[] result = new byte[bytes.length - (to - from) + insert.length];
        System.arraycopy(bytes, 0, result, 0, from);
        System.arraycopy(insert, 0, result, from, insert.length);
        System.arraycopy(bytes, to, result, from + insert.length, bytes.length - to);
        return result;
    }

    /** Half the time the default capture limit, otherwise anywhere, including nothing and everything. */
    static int cut(SplittableRandom random, int length) {
        return random.nextBoolean() ? Traffic.DEFAULT_CAPTURE : random.nextInt(length + 1);
    }
}
