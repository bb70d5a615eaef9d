package dev.udsotel.core.protocol.agent;

import dev.udsotel.core.redaction.SecretRanges;
import dev.udsotel.core.redaction.StreamRedactor;

/**
 * One direction of a gpg-agent (Assuan) connection: a line is shown only when it starts with a word that carries
 * no secret, wholly visible in the same message; data lines and secret-carrying commands keep just their first
 * word, anything else is overwritten to the end of its line.
 */
public final class AssuanStream implements StreamRedactor {
    private boolean atLineStart = true;
    private boolean masking;

    @Override
    public boolean redact(byte[] captured, long total) {
        boolean any = false;
        int i = 0;
        while (i < captured.length) {
            if (atLineStart) {
                atLineStart = false;
                int lineEnd = lineEnd(captured, i);
                int from = AssuanLines.secretFrom(captured, i, lineEnd);
                if (lineEnd == captured.length
                        && from < 0
                        && AssuanLines.firstWord(captured, i, lineEnd) != null
                        && i + AssuanLines.firstWord(captured, i, lineEnd).length() == lineEnd) {
                    from = lineEnd; // a word cut by the end: what follows in the next message is not known
                }
                masking = from >= 0;
                if (masking) {
                    i = from;
                }
                continue;
            }
            if (captured[i] == '\n') {
                atLineStart = true;
                masking = false;
            } else if (masking) {
                captured[i] = SecretRanges.FILL;
                any = true;
            }
            i++;
        }
        if (total > captured.length) {
            atLineStart = false;
            masking = true; // lines went by unseen: the next captured bytes may be inside any of them
        }
        return any;
    }

    private static int lineEnd(byte[] bytes, int from) {
        int i = from;
        while (i < bytes.length && bytes[i] != '\n') {
            i++;
        }
        return i;
    }
}
