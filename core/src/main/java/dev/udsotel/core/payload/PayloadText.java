package dev.udsotel.core.payload;

import java.io.ByteArrayOutputStream;

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
    private static final char[] HEX = "0123456789abcdef".toCharArray();

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
        StringBuilder text = new StringBuilder(to - from + 16);
        for (int i = from; i < to; i++) {
            appendByte(text, bytes[i] & 0xff);
        }
        return text.toString();
    }

    private static void appendByte(StringBuilder text, int b) {
        switch (b) {
            case '\\' -> text.append("\\\\");
            case '\r' -> text.append("\\r");
            case '\n' -> text.append("\\n");
            case '\t' -> text.append("\\t");
            default -> {
                if (b >= 0x20 && b <= 0x7e) {
                    text.append((char) b);
                } else {
                    text.append("\\x").append(HEX[b >>> 4]).append(HEX[b & 0xf]);
                }
            }
        }
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
