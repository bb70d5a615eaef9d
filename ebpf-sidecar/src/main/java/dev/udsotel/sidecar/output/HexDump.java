package dev.udsotel.sidecar.output;

/** The offset, hex and ASCII columns that {@code tcpdump -X} prints, 16 bytes a row. */
public final class HexDump {
    private HexDump() {}

    public static String format(byte[] bytes, String indent) {
        StringBuilder out = new StringBuilder();
        for (int row = 0; row < bytes.length; row += 16) {
            out.append(indent).append(String.format("0x%04x:  ", row));
            for (int i = row; i < row + 16; i++) {
                if (i < bytes.length) {
                    out.append(String.format("%02x", bytes[i] & 0xff));
                } else {
                    out.append("  ");
                }
                if ((i & 1) == 1) {
                    out.append(' ');
                }
            }
            out.append(' ');
            for (int i = row; i < Math.min(row + 16, bytes.length); i++) {
                int b = bytes[i] & 0xff;
                out.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
            }
            out.append('\n');
        }
        return out.toString();
    }
}
