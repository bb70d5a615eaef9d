package dev.udsotel.core.protocol.http.before;

/**
 * {@code HTTP/1.x SP 3DIGIT SP reason}.
 *
 * @param end the offset just past the line, or -1 when the prefix ends inside it
 */
record StatusLine(String version, int status, int end) {

    /** The status line starting at {@code at}, or null when its code is not (fully) visible there. */
    static StatusLine parse(byte[] bytes, int at) {
        if (bytes.length - at < 12 || !RequestLine.matchesVersionPattern(bytes, at, 8) || bytes[at + 8] != ' ') {
            return null;
        }
        int status = 0;
        for (int k = 9; k < 12; k++) {
            byte b = bytes[at + k];
            if (b < '0' || b > '9') {
                return null;
            }
            status = status * 10 + (b - '0');
        }
        if (at + 12 < bytes.length && bytes[at + 12] != ' ' && bytes[at + 12] != '\r' && bytes[at + 12] != '\n') {
            return null;
        }
        String version = bytes[at + 7] == '0' ? "1.0" : "1.1";
        return new StatusLine(version, status, Lines.nextLine(bytes, at));
    }

    /** 1xx other than 101 Switching Protocols: a final response follows. */
    boolean isInterim() {
        return status >= 100 && status < 200 && status != 101;
    }
}
