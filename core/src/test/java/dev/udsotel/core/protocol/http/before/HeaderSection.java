package dev.udsotel.core.protocol.http.before;

/**
 * The few header fields the decoder reports, read from the complete header lines a prefix holds.
 * A line the capture limit cut is ignored: its value would be wrong.
 *
 * @param bodyStart the offset just past the empty line ending the section, or -1 when the prefix ends before it
 * @param contentLength the first Content-Length, or -1
 */
record HeaderSection(int bodyStart, long contentLength, boolean chunked, String host, String userAgent) {

    static HeaderSection parse(byte[] bytes, int at) {
        long contentLength = -1;
        boolean chunked = false;
        String host = null;
        String userAgent = null;
        int line = at;
        while (line >= 0 && line < bytes.length) {
            int next = Lines.nextLine(bytes, line);
            if (next < 0) {
                break;
            }
            int end = Lines.contentEnd(bytes, line, next);
            if (end == line) {
                return new HeaderSection(next, contentLength, chunked, host, userAgent);
            }
            int colon = indexOf(bytes, line, end, (byte) ':');
            if (colon > line) {
                if (Lines.isName(bytes, line, colon, "content-length")) {
                    if (contentLength < 0) {
                        contentLength = parseLength(Lines.trimmedText(bytes, colon + 1, end));
                    }
                } else if (Lines.isName(bytes, line, colon, "transfer-encoding")) {
                    chunked = Lines.trimmedText(bytes, colon + 1, end).toLowerCase(java.util.Locale.ROOT)
                            .endsWith("chunked");
                } else if (Lines.isName(bytes, line, colon, "host")) {
                    if (host == null) {
                        host = Lines.trimmedText(bytes, colon + 1, end);
                    }
                } else if (Lines.isName(bytes, line, colon, "user-agent") && userAgent == null) {
                    userAgent = Lines.trimmedText(bytes, colon + 1, end);
                }
            }
            line = next;
        }
        return new HeaderSection(-1, contentLength, chunked, host, userAgent);
    }

    private static int indexOf(byte[] bytes, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static long parseLength(String digits) {
        if (digits.isEmpty() || digits.length() > 18) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
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
