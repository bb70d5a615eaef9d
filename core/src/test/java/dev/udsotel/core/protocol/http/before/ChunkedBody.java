package dev.udsotel.core.protocol.http.before;

/**
 * What the visible part of a {@code Transfer-Encoding: chunked} body says.
 *
 * @param complete whether the last (zero-size) chunk is visible
 * @param decodedSize the sum of the chunk sizes, exact only when complete
 * @param end the offset just past the body and its trailers, or -1 when not visible
 */
record ChunkedBody(boolean complete, long decodedSize, int end) {
    private static final int MAX_HEX_DIGITS = 15;

    static ChunkedBody scan(byte[] bytes, int from) {
        long size = 0;
        int at = from;
        while (true) {
            int digitsEnd = at;
            long chunk = 0;
            while (digitsEnd < bytes.length && digitsEnd - at < MAX_HEX_DIGITS
                    && Character.digit(bytes[digitsEnd], 16) >= 0) {
                chunk = chunk << 4 | Character.digit(bytes[digitsEnd], 16);
                digitsEnd++;
            }
            int next = Lines.nextLine(bytes, digitsEnd);
            if (digitsEnd == at || next < 0) {
                return new ChunkedBody(false, size, -1);
            }
            if (chunk == 0) {
                return new ChunkedBody(true, size, trailersEnd(bytes, next));
            }
            size += chunk;
            long dataEnd = next + chunk;
            if (dataEnd >= bytes.length) {
                return new ChunkedBody(false, size, -1);
            }
            int afterData = Lines.nextLine(bytes, (int) dataEnd);
            if (afterData < 0) {
                return new ChunkedBody(false, size, -1);
            }
            at = afterData;
        }
    }

    private static int trailersEnd(byte[] bytes, int line) {
        while (line < bytes.length) {
            int next = Lines.nextLine(bytes, line);
            if (next < 0) {
                return -1;
            }
            if (Lines.contentEnd(bytes, line, next) == line) {
                return next;
            }
            line = next;
        }
        return -1;
    }
}
