package dev.udsotel.core.protocol.http.before;

/** Line handling shared by the HTTP/1.x parsers: lines end with LF, an optional CR before it is ignored. */
final class Lines {
    private Lines() {}

    /** The offset just past the LF ending the line that starts at {@code at}, or -1 when the prefix cuts it. */
    static int nextLine(byte[] bytes, int at) {
        for (int i = at; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    /** The offset where the content of a line ends: before its CR LF, LF, or at the end of the prefix. */
    static int contentEnd(byte[] bytes, int lineStart, int nextLine) {
        int end = nextLine < 0 ? bytes.length : nextLine - 1;
        if (nextLine >= 0 && end > lineStart && bytes[end - 1] == '\r') {
            end--;
        }
        return end;
    }

    static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }

    /** Whether the bytes from {@code from} to {@code to}, blanks trimmed, spell {@code lowerCaseName} in any case. */
    static boolean isName(byte[] bytes, int from, int to, String lowerCaseName) {
        while (from < to && isBlank(bytes[from])) {
            from++;
        }
        while (to > from && isBlank(bytes[to - 1])) {
            to--;
        }
        if (to - from != lowerCaseName.length()) {
            return false;
        }
        for (int k = 0; k < lowerCaseName.length(); k++) {
            int b = bytes[from + k];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lowerCaseName.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The bytes as text, blanks trimmed, ISO-8859-1 (one char per byte). */
    static String trimmedText(byte[] bytes, int from, int to) {
        while (from < to && isBlank(bytes[from])) {
            from++;
        }
        while (to > from && isBlank(bytes[to - 1])) {
            to--;
        }
        return new String(bytes, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
