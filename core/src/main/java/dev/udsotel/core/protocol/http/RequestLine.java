package dev.udsotel.core.protocol.http;

/**
 * {@code METHOD SP target SP HTTP/1.x}, possibly cut by the capture limit after the target began.
 *
 * @param version {@code 1.0} or {@code 1.1}, or null when the prefix ends before it
 * @param end the offset just past the line, or -1 when the prefix ends inside it
 */
record RequestLine(String method, int targetStart, int targetEnd, String version, int end) {
    private static final byte[] VERSION_PATTERN = {'H', 'T', 'T', 'P', '/', '1', '.'};

    /**
     * The request line starting at {@code at}, or null when the bytes there are not one. When {@code mayBeCut},
     * a line the prefix ends inside is accepted as long as what is visible fits the grammar.
     */
    static RequestLine parse(byte[] bytes, int at, boolean mayBeCut) {
        int i = at;
        while (i < bytes.length && i - at <= HttpMethods.LONGEST && bytes[i] >= 'A' && bytes[i] <= 'Z') {
            i++;
        }
        if (i >= bytes.length || bytes[i] != ' ' || i == at) {
            return null;
        }
        String method = HttpMethods.known(bytes, at, i);
        if (method == null) {
            return null;
        }
        int targetStart = i + 1;
        if (targetStart >= bytes.length || !startsTarget(bytes[targetStart])) {
            return null;
        }
        int targetEnd = targetStart;
        while (targetEnd < bytes.length && isTargetByte(bytes[targetEnd])) {
            targetEnd++;
        }
        if (targetEnd >= bytes.length) {
            return mayBeCut ? new RequestLine(method, targetStart, targetEnd, null, -1) : null;
        }
        if (bytes[targetEnd] != ' ') {
            return null;
        }
        return withVersion(bytes, method, targetStart, targetEnd, mayBeCut);
    }

    private static RequestLine withVersion(
            byte[] bytes, String method, int targetStart, int targetEnd, boolean mayBeCut) {
        int versionStart = targetEnd + 1;
        int visible = Math.min(bytes.length - versionStart, 8);
        if (!matchesVersionPattern(bytes, versionStart, visible)) {
            return null;
        }
        if (visible < 8) {
            return mayBeCut ? new RequestLine(method, targetStart, targetEnd, null, -1) : null;
        }
        String version = bytes[versionStart + 7] == '0' ? "1.0" : "1.1";
        int after = versionStart + 8;
        if (after >= bytes.length || (after + 1 >= bytes.length && bytes[after] == '\r')) {
            return mayBeCut ? new RequestLine(method, targetStart, targetEnd, version, -1) : null;
        }
        if (bytes[after] == '\n') {
            return new RequestLine(method, targetStart, targetEnd, version, after + 1);
        }
        if (bytes[after] == '\r' && bytes[after + 1] == '\n') {
            return new RequestLine(method, targetStart, targetEnd, version, after + 2);
        }
        return null;
    }

    /** Whether the first {@code count} bytes from {@code at} agree with {@code HTTP/1.0} or {@code HTTP/1.1}. */
    static boolean matchesVersionPattern(byte[] bytes, int at, int count) {
        for (int k = 0; k < count; k++) {
            byte b = bytes[at + k];
            if (k < VERSION_PATTERN.length ? b != VERSION_PATTERN[k] : (b != '0' && b != '1')) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsTarget(byte b) {
        return b == '/' || b == '*' || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
    }

    private static boolean isTargetByte(byte b) {
        int unsigned = b & 0xff;
        return unsigned > ' ' && unsigned != 0x7f;
    }
}
