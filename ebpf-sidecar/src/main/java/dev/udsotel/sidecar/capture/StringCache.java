package dev.udsotel.sidecar.capture;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Decodes the short, highly repetitive strings of a record (comm, socket paths) without allocating when
 * the same bytes were decoded recently: a direct-mapped cache checked byte for byte.
 */
final class StringCache {
    private static final int SLOTS = 512;

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];

    /** The string of {@code length} bytes at {@code offset}; a leading NUL (an abstract socket name) becomes {@code @}. */
    String decode(MemorySegment record, long offset, int length) {
        int hash = length;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + record.get(JAVA_BYTE, offset + i);
        }
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
                : new String(bytes, StandardCharsets.UTF_8);
        keys[slot] = bytes;
        values[slot] = value;
        return value;
    }
}
