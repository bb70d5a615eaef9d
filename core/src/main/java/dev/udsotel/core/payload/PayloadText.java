package dev.udsotel.core.payload;

/** Renders captured bytes as escaped ASCII: printable as is, {@code \r \n \t \\}, every other byte {@code \xHH}. */
public final class PayloadText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PayloadText() {}

    public static String render(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        out.append((char) c);
                    } else {
                        out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    }
                }
            }
        }
        return out.toString();
    }
}
