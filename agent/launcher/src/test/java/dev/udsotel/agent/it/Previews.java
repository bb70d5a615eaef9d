package dev.udsotel.agent.it;

/**
 * The preview text the agent must export for some bytes, written here independently of the agent's own code:
 * printable ASCII as is, {@code \r \n \t \\} escaped, every other byte as {@code \xHH} in lower case.
 */
final class Previews {
    private Previews() {}

    static String of(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c == '\r') {
                text.append("\\r");
            } else if (c == '\n') {
                text.append("\\n");
            } else if (c == '\t') {
                text.append("\\t");
            } else if (c == '\\') {
                text.append("\\\\");
            } else if (c >= 0x20 && c <= 0x7e) {
                text.append((char) c);
            } else {
                text.append(String.format("\\x%02x", c));
            }
        }
        return text.toString();
    }
}
