package dev.udsotel.core.protocol.http2;

/**
 * Counts the gRPC messages in one direction of a stream: each is a 5-byte prefix (compressed flag, 32-bit
 * length) followed by that many bytes, cut into DATA frames anyhow. A prefix that fell in bytes not captured makes
 * the count uncertain from there on.
 */
final class GrpcMessages {
    private final byte[] prefix = new byte[5];
    private int prefixFill;
    private long bodyLeft;
    private int count;
    private long bytes;
    private boolean uncertain;

    /** The next {@code length} bytes of DATA payload, of which the first {@code captured.length} were captured. */
    void accept(byte[] captured, long length) {
        int at = 0;
        long left = length;
        while (left > 0 && !uncertain) {
            if (bodyLeft > 0) {
                long take = Math.min(bodyLeft, left);
                bodyLeft -= take;
                left -= take;
                at += (int) Math.min(take, Math.max(0, captured.length - at));
                continue;
            }
            if (at >= captured.length) {
                uncertain = true;
                return;
            }
            prefix[prefixFill++] = captured[at++];
            left--;
            if (prefixFill == prefix.length) {
                prefixFill = 0;
                bodyLeft = ((prefix[1] & 0xffL) << 24)
                        | ((prefix[2] & 0xff) << 16)
                        | ((prefix[3] & 0xff) << 8)
                        | (prefix[4] & 0xff);
                count++;
                bytes += bodyLeft;
            }
        }
    }

    int count() {
        return count;
    }

    /** The messages' lengths added up, prefixes excluded. */
    long bytes() {
        return bytes;
    }

    /** Whether the counts are exact: no prefix was missed and no message was left half-read. */
    boolean exact() {
        return !uncertain && prefixFill == 0 && bodyLeft == 0;
    }
}
