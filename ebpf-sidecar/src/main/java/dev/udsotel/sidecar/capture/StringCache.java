package dev.udsotel.sidecar.capture;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * Decodes the short, highly repetitive strings of a record (comm, socket paths) without allocating when
 * the same bytes were decoded recently: a direct-mapped cache checked byte for byte.
 */
final class StringCache {
    private static final int SLOTS = 512;

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];

    /** Eight bytes at a time: most of the decode's cost was this loop, byte by byte, for every path of every record. */
    private static int hash(MemorySegment record, long offset, int length) {
        long h = length;
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            h = h * 0x9E3779B97F4A7C15L + record.get(JAVA_LONG_UNALIGNED, offset + i);
        }
        for (; i < length; i++) {
            h = h * 31 + record.get(JAVA_BYTE, offset + i);
        }
        h ^= h >>> 29;
        return (int) (h ^ (h >>> 32));
    }

    /**
     * The string in the {@code length} bytes at {@code offset}: up to the first NUL, or, when the first byte is NUL
     * (an abstract socket name), all of them with an {@code @} for that NUL. Cached by the raw bytes, so a hit
     * needs no scan for the NUL.
     */
    String decode(MemorySegment record, long offset, int length) {
        int hash = hash(record, offset, length);
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        byte[] key = keys[slot];
        if (key != null && key.length == length
                && MemorySegment.mismatch(record, offset, offset + length, MemorySegment.ofArray(key), 0, length) == -1) {
            return values[slot];
        }
        byte[] bytes = new byte[length];
        MemorySegment.copy(record, JAVA_BYTE, offset, bytes, 0, length);
        String value = length > 0 && bytes[0] == 0
                ? "@" + new String(bytes, 1, length - 1, StandardCharsets.UTF_8)
                : new String(bytes, 0, untilNul(bytes), StandardCharsets.UTF_8);
        keys[slot] = bytes;
        values[slot] = value;
        return value;
    }

    private static int untilNul(byte[] bytes) {
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) {
            n++;
        }
        return n;
    }
}
