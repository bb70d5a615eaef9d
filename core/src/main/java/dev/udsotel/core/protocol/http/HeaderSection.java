package dev.udsotel.core.protocol.http;

import dev.udsotel.core.payload.ByteScan;

/**
 * The few header fields the decoder reports, read from the complete header lines a prefix holds, as offsets into
 * the prefix: no text is made of a field the span does not show. A line the capture limit cut is ignored: its value
 * would be wrong. Values are trimmed of blanks.
 *
 * @param bodyStart the offset just past the empty line ending the section, or -1 when the prefix ends before it
 * @param contentLength the first valid Content-Length, or -1
 * @param chunked whether the last Transfer-Encoding ends in {@code chunked}
 * @param hostStart where the first Host value starts, or -1 when there is none
 * @param userAgentStart where the first User-Agent value starts, or -1 when there is none
 */
record HeaderSection(
        int bodyStart,
        long contentLength,
        boolean chunked,
        int hostStart,
        int hostEnd,
        int userAgentStart,
        int userAgentEnd) {

    static HeaderSection parse(byte[] bytes, int at) {
        long contentLength = -1;
        boolean chunked = false;
        int hostStart = -1;
        int hostEnd = -1;
        int userAgentStart = -1;
        int userAgentEnd = -1;
        int line = at;
        while (line >= 0 && line < bytes.length) {
            int next = Lines.nextLine(bytes, line);
            if (next < 0) {
                break;
            }
            int end = Lines.contentEnd(bytes, line, next);
            if (end == line) {
                return new HeaderSection(
                        next, contentLength, chunked, hostStart, hostEnd, userAgentStart, userAgentEnd);
            }
            int colon = ByteScan.indexOf(bytes, (byte) ':', line, end);
            if (colon > line && colon < end) {
                int nameStart = Lines.skipBlanks(bytes, line, colon);
                int nameEnd = Lines.trimBlanks(bytes, nameStart, colon);
                int valueStart = Lines.skipBlanks(bytes, colon + 1, end);
                int valueEnd = Lines.trimBlanks(bytes, valueStart, end);
                switch (nameEnd - nameStart) {
                    case 4 -> {
                        if (hostStart < 0 && Lines.spells(bytes, nameStart, nameEnd, "host")) {
                            hostStart = valueStart;
                            hostEnd = valueEnd;
                        }
                    }
                    case 10 -> {
                        if (userAgentStart < 0 && Lines.spells(bytes, nameStart, nameEnd, "user-agent")) {
                            userAgentStart = valueStart;
                            userAgentEnd = valueEnd;
                        }
                    }
                    case 14 -> {
                        if (contentLength < 0 && Lines.spells(bytes, nameStart, nameEnd, "content-length")) {
                            contentLength = parseLength(bytes, valueStart, valueEnd);
                        }
                    }
                    case 17 -> {
                        if (Lines.spells(bytes, nameStart, nameEnd, "transfer-encoding")) {
                            chunked = endsWithChunked(bytes, valueStart, valueEnd);
                        }
                    }
                    default -> {}
                }
            }
            line = next;
        }
        return new HeaderSection(-1, contentLength, chunked, hostStart, hostEnd, userAgentStart, userAgentEnd);
    }

    /** Up to 18 decimal digits and nothing else, or -1. */
    private static long parseLength(byte[] bytes, int from, int to) {
        if (from == to || to - from > 18) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b < '0' || b > '9') {
                return -1;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }

    /**
     * Whether the value ends in {@code chunked}, in any case. Only ASCII letters matter: lower-casing no other
     * ISO-8859-1 character gives an ASCII one, so this is the same as lower-casing the value's text.
     */
    private static boolean endsWithChunked(byte[] bytes, int from, int to) {
        return to - from >= 7 && Lines.spells(bytes, to - 7, to, "chunked");
    }

    /**
     * The offset just past this message's body, or -1 when the prefix does not show where it ends.
     * A message with neither Content-Length nor chunked coding has an empty body (requests) here.
     */
    int messageEnd(byte[] bytes) {
        if (bodyStart < 0) {
            return -1;
        }
        if (chunked) {
            return ChunkedBody.scan(bytes, bodyStart).end();
        }
        long end = bodyStart + Math.max(0, contentLength);
        return end <= bytes.length ? (int) end : -1;
    }
}
