package dev.udsotel.core.protocol.http;

import dev.udsotel.core.payload.ByteScan;

/** Line handling shared by the HTTP/1.x parsers: lines end with LF, an optional CR before it is ignored. */
final class Lines {
    private Lines() {}

    /** The offset just past the LF ending the line that starts at {@code at}, or -1 when the prefix cuts it. */
    static int nextLine(byte[] bytes, int at) {
        int lineFeed = ByteScan.indexOf(bytes, (byte) '\n', at, bytes.length);
        return lineFeed < bytes.length ? lineFeed + 1 : -1;
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

    /** The first offset from {@code from} that is not a blank, or {@code to}. */
    static int skipBlanks(byte[] bytes, int from, int to) {
        while (from < to && isBlank(bytes[from])) {
            from++;
        }
        return from;
    }

    /** The offset just past the last byte before {@code to} that is not a blank, or {@code from}. */
    static int trimBlanks(byte[] bytes, int from, int to) {
        while (to > from && isBlank(bytes[to - 1])) {
            to--;
        }
        return to;
    }

    /** Whether the bytes from {@code from} to {@code to} spell {@code lowerCaseName} with ASCII letters in any case. */
    static boolean spells(byte[] bytes, int from, int to, String lowerCaseName) {
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
}
