package dev.udsotel.core.protocol.http;

/**
 * The line that starts a chunk of a {@code Transfer-Encoding: chunked} body: its size in hexadecimal digits (any
 * extension after them is skipped with the line).
 *
 * @param size the chunk's size
 * @param next the offset of the next line, where the chunk's data begins
 */
record ChunkSizeLine(long size, int next) {
    /** More digits than this do not fit a long: no real chunk is that large. */
    static final int MAX_HEX_DIGITS = 15;

    /** The size line at {@code at}, or null when it starts with no digit or its end is not visible. */
    static ChunkSizeLine at(byte[] bytes, int at) {
        int digitsEnd = at;
        long size = 0;
        while (digitsEnd < bytes.length
                && digitsEnd - at < MAX_HEX_DIGITS
                && Character.digit(bytes[digitsEnd], 16) >= 0) {
            size = size << 4 | Character.digit(bytes[digitsEnd], 16);
            digitsEnd++;
        }
        int next = Lines.nextLine(bytes, digitsEnd);
        return digitsEnd == at || next < 0 ? null : new ChunkSizeLine(size, next);
    }
}
