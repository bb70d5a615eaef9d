package dev.udsotel.core.protocol.agent;

import dev.udsotel.core.redaction.SecretRanges;
import dev.udsotel.core.redaction.StreamRedactor;
import java.util.Arrays;

/**
 * One direction of an ssh-agent connection: each message's length and type stay, its contents (keys, signatures,
 * comments) are overwritten. Once the framing is lost, everything is.
 */
public final class SshAgentStream implements StreamRedactor {
    private int headerBytes;
    private long length;
    private long bodyLeft;
    private boolean lost;

    @Override
    public boolean redact(byte[] captured, long total) {
        boolean any = false;
        long i = 0;
        while (i < total) {
            if (lost) {
                return fill(captured, i, captured.length) | any;
            }
            if (bodyLeft > 0) {
                long n = Math.min(bodyLeft, total - i);
                any |= fill(captured, i, i + n);
                bodyLeft -= n;
                i += n;
                continue;
            }
            if (i >= captured.length) {
                lost = true; // a header was not captured
                continue;
            }
            int b = captured[(int) i] & 0xff;
            i++;
            if (headerBytes < 4) {
                length = length << 8 | b;
                if (++headerBytes == 4 && (length < 1 || length > SshAgentMessages.MAX_LENGTH)) {
                    lost = true;
                }
                continue;
            }
            headerBytes = 0;
            bodyLeft = length - 1; // the type byte stays
            length = 0;
        }
        return any;
    }

    private static boolean fill(byte[] bytes, long from, long to) {
        int start = (int) Math.min(from, bytes.length);
        int end = (int) Math.min(to, bytes.length);
        if (end <= start) {
            return false;
        }
        Arrays.fill(bytes, start, end, SecretRanges.FILL);
        return true;
    }
}
