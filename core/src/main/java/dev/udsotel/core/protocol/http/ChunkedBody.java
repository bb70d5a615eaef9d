package dev.udsotel.core.protocol.http;

/**
 * What the visible part of a {@code Transfer-Encoding: chunked} body says.
 *
 * @param complete whether the last (zero-size) chunk is visible
 * @param decodedSize the sum of the chunk sizes, exact only when complete
 * @param end the offset just past the body and its trailers, or -1 when not visible
 */
record ChunkedBody(boolean complete, long decodedSize, int end) {

    static ChunkedBody scan(byte[] bytes, int from) {
        long size = 0;
        int at = from;
        while (true) {
            ChunkSizeLine line = ChunkSizeLine.at(bytes, at);
            if (line == null) {
                return new ChunkedBody(false, size, -1);
            }
            long chunk = line.size();
            if (chunk == 0) {
                return new ChunkedBody(true, size, trailersEnd(bytes, line.next()));
            }
            size += chunk;
            long dataEnd = line.next() + chunk;
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
