package dev.udsotel.core.protocol.http;

/**
 * The payload size of a {@code Transfer-Encoding: chunked} body whose end lies beyond the captured prefix, from the
 * body's total size on the wire: the framing (each chunk's size line and CR LF, the final {@code 0} chunk) is taken
 * off, assuming every chunk but the last is as large as the first, as servers writing through a fixed buffer send
 * them (Jetty, Tomcat and Netty: 85,000 bytes as ten 8,192-byte chunks and one of 3,080 carry 92 bytes of framing).
 * Chunks of other sizes make it err by the difference in framing, a few bytes per chunk; a total that cannot be
 * such a shape gives no size at all.
 */
final class ChunkFraming {
    /** {@code 0\r\n\r\n}: the last chunk, without trailers. */
    private static final int LAST_CHUNK = 5;

    private static final int CRLF = 2;

    private ChunkFraming() {}

    /**
     * @param bytes the captured prefix
     * @param bodyStart where the body begins in it (its first chunk's size line)
     * @param bodyBytes the body's size on the wire, framing included
     * @return the payload size, or -1 when the first size line is not visible or the total does not fit
     */
    static long payloadOf(byte[] bytes, int bodyStart, long bodyBytes) {
        ChunkSizeLine line = ChunkSizeLine.at(bytes, bodyStart);
        if (line == null || line.size() == 0) {
            return -1;
        }
        long first = line.size();
        int next = line.next();
        long chunk = (next - bodyStart) + first + CRLF;
        long framed = bodyBytes - LAST_CHUNK;
        if (framed < chunk) {
            return -1;
        }
        long full = framed / chunk;
        long tail = framed % chunk;
        if (tail == 0) {
            return full * first;
        }
        for (int digits = 1; digits <= ChunkSizeLine.MAX_HEX_DIGITS; digits++) {
            long last = tail - digits - 2L * CRLF;
            if (last > 0 && last < first && hexDigits(last) == digits) {
                return full * first + last;
            }
        }
        return -1;
    }

    private static int hexDigits(long value) {
        return Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 3) / 4);
    }
}
