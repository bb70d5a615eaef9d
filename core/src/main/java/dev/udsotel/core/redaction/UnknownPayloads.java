package dev.udsotel.core.redaction;

import dev.udsotel.core.payload.ByteScan;

/**
 * What leaves of bytes no decoder understood. Text keeps its preview with credential-looking pairs scrubbed
 * ({@link TextSecrets}); binary is not assumed safe, so its bytes are withheld unless redaction is off or the socket
 * path is opted in ({@link Redaction#revealsBinary}).
 */
public final class UnknownPayloads {
    private static final int SAMPLE = 512;
    private static final byte[] NONE = new byte[0];

    private UnknownPayloads() {}

    /** The preview of one direction's unrecognized bytes. */
    public static Redacted preview(byte[] bytes, String socketPath, Redaction redaction) {
        if (!redaction.enabled() || bytes.length == 0) {
            return Redacted.unchanged(bytes);
        }
        if (looksBinary(bytes, 0, bytes.length)) {
            return redaction.revealsBinary(socketPath) ? Redacted.unchanged(bytes) : new Redacted(NONE, true);
        }
        return TextSecrets.redact(bytes);
    }

    /**
     * Whether the bytes look binary rather than text: a NUL, more than one in twenty other control bytes, or more
     * than a third of bytes above ASCII among the first {@value #SAMPLE}.
     */
    public static boolean looksBinary(byte[] bytes, int from, int to) {
        int end = Math.min(to, from + SAMPLE);
        int control = 0;
        int high = 0;
        // a run of printable bytes, found eight at a time, counts for nothing: plain text ends here at once, and
        // binary reaches the byte-by-byte rule after its first word
        for (int i = ByteScan.firstNotShownAsIs(bytes, from, end); i < end; i++) {
            int b = bytes[i] & 0xff;
            if (b == 0) {
                return true;
            }
            if ((b < 0x20 && b != '\r' && b != '\n' && b != '\t') || b == 0x7f) {
                control++;
            } else if (b >= 0x80) {
                high++;
            }
        }
        int n = end - from;
        return control * 20 > n || high * 3 > n;
    }
}
