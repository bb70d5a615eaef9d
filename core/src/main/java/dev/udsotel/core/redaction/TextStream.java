package dev.udsotel.core.redaction;

import java.util.Arrays;

/**
 * One direction of a text connection (HTTP/1.x, unknown text): {@link TextSecrets} over each message, with the
 * last bytes of the previous one as context, so a credential name split over two messages is still found, and a
 * value still open at the end of one message is overwritten up to its end in the next.
 */
public final class TextStream implements StreamRedactor {
    /** Credential names are short; a name split over messages fits in this much of the previous one. */
    private static final int CONTEXT = 64;

    private final byte[] tail = new byte[CONTEXT];
    private int tailLength;
    private TextSecrets.Open open = TextSecrets.Open.NONE;
    private final SecretRanges ranges = new SecretRanges();

    @Override
    public boolean redact(byte[] captured, long total) {
        ranges.clear();
        int start = TextSecrets.resume(open, captured, 0, captured.length, ranges);
        boolean any = ranges.fill(captured);
        if (start == captured.length && open != TextSecrets.Open.NONE) {
            keepTail(captured, total);
            return any;
        }
        ranges.clear();
        byte[] joined = Arrays.copyOf(tail, tailLength + captured.length);
        System.arraycopy(captured, 0, joined, tailLength, captured.length);
        open = TextSecrets.scan(joined, 0, tailLength + start, joined.length, ranges);
        any |= ranges.fill(captured, tailLength);
        keepTail(captured, total);
        return any;
    }

    /** The end of this message as the next one's context; none when bytes went by uncaptured. */
    private void keepTail(byte[] captured, long total) {
        if (total > captured.length) {
            tailLength = 0;
            return;
        }
        int keep = Math.min(CONTEXT, captured.length);
        if (keep < CONTEXT && tailLength + keep <= CONTEXT) {
            System.arraycopy(captured, 0, tail, tailLength, keep);
            tailLength += keep;
            return;
        }
        if (keep < CONTEXT) {
            int fromOld = CONTEXT - keep;
            System.arraycopy(tail, tailLength - fromOld, tail, 0, fromOld);
            System.arraycopy(captured, 0, tail, fromOld, keep);
            tailLength = CONTEXT;
            return;
        }
        System.arraycopy(captured, captured.length - CONTEXT, tail, 0, CONTEXT);
        tailLength = CONTEXT;
    }
}
