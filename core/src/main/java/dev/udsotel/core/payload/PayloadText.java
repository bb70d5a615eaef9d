package dev.udsotel.core.payload;

import java.io.ByteArrayOutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Renders captured bytes as text a person can read, while binary stays visible and nothing is lost.
 *
 * <p>The encoding, byte by byte:
 * <ul>
 *   <li>printable ASCII ({@code 0x20}..{@code 0x7e}) except the backslash: as is;</li>
 *   <li>backslash ({@code 0x5c}): {@code \\};</li>
 *   <li>carriage return, line feed, tab: {@code \r}, {@code \n}, {@code \t};</li>
 *   <li>every other byte: {@code \xHH}, two lower-case hex digits (so UTF-8 text shows as escapes too).</li>
 * </ul>
 * For example the bytes of {@code GET / HTTP/1.1} CR LF followed by 0x00 0xff render as
 * {@code GET / HTTP/1.1\r\n\x00\xff}. The rendering is deterministic, never throws, runs in linear time,
 * and {@link #parse} turns it back into the exact bytes.
 */
public final class PayloadText {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WIDTH = widths();
    private static final int[] RENDERED = renderings();
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private PayloadText() {}

    /** The text form of all of {@code bytes}; an empty string for null. */
    public static String render(byte[] bytes) {
        return bytes == null ? "" : render(bytes, 0, bytes.length);
    }

    /** The text form of {@code length} bytes from {@code offset}, clipped to the array's bounds. */
    public static String render(byte[] bytes, int offset, int length) {
        if (bytes == null) {
            return "";
        }
        int from = Math.max(0, Math.min(offset, bytes.length));
        int to = (int) Math.max(from, Math.min((long) from + Math.max(0, length), bytes.length));
        int firstEscaped = ByteScan.firstNotShownAsIs(bytes, from, to);
        if (firstEscaped == to) {
            return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        }
        return escaped(bytes, from, to, firstEscaped);
    }

    /**
     * The rendering when some byte needs an escape, sized exactly. Each escaped byte's rendering is written as one
     * int from a table (the array has room for the last one's unused bytes); when escapes are sparse, as in text
     * protocols, the runs between them are copied whole.
     */
    private static String escaped(byte[] bytes, int from, int to, int firstEscaped) {
        int size = firstEscaped - from;
        for (int i = firstEscaped; i < to; i++) {
            size += WIDTH[bytes[i] & 0xff];
        }
        byte[] text = new byte[size + 3];
        System.arraycopy(bytes, from, text, 0, firstEscaped - from);
        int n = firstEscaped - from;
        boolean sparse = (size - (to - from)) * 8 < to - firstEscaped;
        for (int i = firstEscaped; i < to; ) {
            int b = bytes[i] & 0xff;
            if (sparse && WIDTH[b] == 1) {
                int end = ByteScan.firstNotShownAsIs(bytes, i + 1, to);
                System.arraycopy(bytes, i, text, n, end - i);
                n += end - i;
                i = end;
            } else {
                INTS.set(text, n, RENDERED[b]);
                n += WIDTH[b];
                i++;
            }
        }
        return new String(text, 0, size, StandardCharsets.ISO_8859_1);
    }

    /** How many characters each byte value renders as: 1 as is, 2 for \\ \r \n \t, 4 for \xHH. */
    private static byte[] widths() {
        byte[] widths = new byte[256];
        for (int b = 0; b < 256; b++) {
            widths[b] = (byte) rendering(b).length();
        }
        return widths;
    }

    /** Each byte value's rendering, its characters packed little-endian into an int. */
    private static int[] renderings() {
        int[] packed = new int[256];
        for (int b = 0; b < 256; b++) {
            String text = rendering(b);
            for (int k = text.length() - 1; k >= 0; k--) {
                packed[b] = packed[b] << 8 | text.charAt(k);
            }
        }
        return packed;
    }

    /** The encoding in the class comment, for one byte. */
    private static String rendering(int b) {
        return switch (b) {
            case '\\' -> "\\\\";
            case '\r' -> "\\r";
            case '\n' -> "\\n";
            case '\t' -> "\\t";
            default ->
                ByteScan.shownAsIs((byte) b)
                        ? String.valueOf((char) b)
                        : "\\x" + (char) HEX[b >>> 4] + (char) HEX[b & 0xf];
        };
    }

    /**
     * The bytes a rendering stands for: the inverse of {@link #render(byte[])}. Text that no rendering
     * produces (a lone backslash, a bad escape, a character above 0x7e) is taken byte by byte as ISO-8859-1.
     */
    public static byte[] parse(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(i + 1);
                int escaped = switch (next) {
                    case '\\' -> '\\';
                    case 'r' -> '\r';
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'x' -> hexByte(text, i + 2);
                    default -> -1;
                };
                if (escaped >= 0) {
                    bytes.write(escaped);
                    i += next == 'x' ? 4 : 2;
                    continue;
                }
            }
            bytes.write(c & 0xff);
            i++;
        }
        return bytes.toByteArray();
    }

    private static int hexByte(String text, int at) {
        if (at + 2 > text.length()) {
            return -1;
        }
        int high = Character.digit(text.charAt(at), 16);
        int low = Character.digit(text.charAt(at + 1), 16);
        return high < 0 || low < 0 ? -1 : high << 4 | low;
    }
}
