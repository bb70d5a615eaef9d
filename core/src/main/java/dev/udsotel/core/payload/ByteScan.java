package dev.udsotel.core.payload;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds bytes in captured payloads eight at a time: most previews are plain text or binary without the byte the
 * caller looks for, so a whole-array answer should not cost a branch per byte. Each word test only picks the eight
 * bytes to look at one by one, so the answer is always the byte-by-byte one.
 */
public final class ByteScan {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private ByteScan() {}

    /** The first index in [from, to) holding {@code value}, or {@code to}. */
    public static int indexOf(byte[] bytes, byte value, int from, int to) {
        long pattern = ONES * (value & 0xff);
        int i = from;
        for (; i + 8 <= to; i += 8) {
            if (hasZeroByte((long) LONGS.get(bytes, i) ^ pattern)) {
                break;
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return to;
    }

    /** The first index in [from, to) holding {@code one} or {@code other}, or {@code to}. */
    public static int indexOfEither(byte[] bytes, byte one, byte other, int from, int to) {
        long first = ONES * (one & 0xff);
        long second = ONES * (other & 0xff);
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long w = (long) LONGS.get(bytes, i);
            if (hasZeroByte(w ^ first) || hasZeroByte(w ^ second)) {
                break;
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == one || bytes[i] == other) {
                return i;
            }
        }
        return to;
    }

    /**
     * The first index in [from, to) whose byte {@link PayloadText} does not show as itself (anything outside
     * 0x20..0x7e, and the backslash), or {@code to}.
     */
    public static int firstNotShownAsIs(byte[] bytes, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long w = (long) LONGS.get(bytes, i);
            long outside = (w & HIGHS) | hasLessThan20(w);
            if (outside != 0 || hasZeroByte(w ^ (ONES * 0x7f)) || hasZeroByte(w ^ (ONES * '\\'))) {
                break;
            }
        }
        for (; i < to; i++) {
            if (!shownAsIs(bytes[i])) {
                return i;
            }
        }
        return to;
    }

    static boolean shownAsIs(byte b) {
        return b >= 0x20 && b <= 0x7e && b != '\\';
    }

    /** Exact as to whether any byte of {@code w} is zero (the classic (w - 0x01..) & ~w & 0x80..). */
    private static boolean hasZeroByte(long w) {
        return ((w - ONES) & ~w & HIGHS) != 0;
    }

    /** Non-zero when a byte below 0x80 is below 0x20 (exact for bounds up to 0x80). */
    private static long hasLessThan20(long w) {
        return (w - ONES * 0x20) & ~w & HIGHS;
    }
}
