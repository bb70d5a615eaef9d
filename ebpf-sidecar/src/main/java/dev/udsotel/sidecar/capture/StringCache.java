package dev.udsotel.sidecar.capture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes the short, highly repetitive strings of a record (comm, socket paths) without allocating when
 * the same bytes were decoded recently: a direct-mapped cache checked byte for byte.
 */
final class StringCache {
    private static final int SLOTS = 512;

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private final byte[] header = new byte[(int) UdsEventLayout.HEADER_SIZE];

    /** A record header's bytes, reused from record to record by the one thread that decodes. */
    byte[] headerScratch() {
        return header;
    }

    /** Eight bytes at a time: most of the decode's cost was this loop, byte by byte, for every path of every record. */
    private static int hash(byte[] source, int offset, int length) {
        long h = length;
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            h = h * 0x9E3779B97F4A7C15L + (long) LONGS.get(source, offset + i);
        }
        for (; i < length; i++) {
            h = h * 31 + source[offset + i];
        }
        h ^= h >>> 29;
        return (int) (h ^ (h >>> 32));
    }

    /**
     * The string in the {@code length} bytes at {@code offset}: up to the first NUL, or, when the first byte is NUL
     * (an abstract socket name), all of them with an {@code @} for that NUL. Cached by the raw bytes, so a hit
     * needs no scan for the NUL.
     */
    String decode(byte[] source, int offset, int length) {
        int hash = hash(source, offset, length);
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        byte[] key = keys[slot];
        if (key != null && key.length == length && Arrays.equals(source, offset, offset + length, key, 0, length)) {
            return values[slot];
        }
        byte[] bytes = Arrays.copyOfRange(source, offset, offset + length);
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
