package dev.udsotel.core.protocol.http;

/**
 * A low-cardinality template of a URL path, for span names ({@code {method} {template}}) and {@code url.template}:
 * each path segment that looks like an identifier becomes {@code {id}}, so {@code /containers/4f1c2e0a9b7d/json}
 * and {@code /containers/9a8b7c6d5e4f/json} share the name {@code GET /containers/{id}/json}.
 *
 * <p>A segment (the text between two slashes) looks like an identifier when it is
 * <ul>
 *   <li>a number: decimal digits only ({@code /users/42});</li>
 *   <li>a UUID: 8-4-4-4-12 hexadecimal digits with dashes ({@code 123e4567-e89b-12d3-a456-426614174000});</li>
 *   <li>long hexadecimal: at least {@value #LONG_HEX} hexadecimal digits with at least one decimal digit among them
 *       (Docker's 12- and 64-digit ids, digests), optionally after an algorithm prefix such as {@code sha256:}.</li>
 * </ul>
 * Anything else is kept as it is: words, versions ({@code v1.43}), names. The raw path stays in {@code url.path}.
 */
public final class PathTemplate {
    public static final String PLACEHOLDER = "{id}";
    static final int LONG_HEX = 8;
    private static final int[] UUID_DASHES = {8, 13, 18, 23};
    private static final int UUID_LENGTH = 36;

    private PathTemplate() {}

    /** The path with every id-like segment replaced; the same instance when none is. */
    public static String of(String path) {
        StringBuilder template = null;
        int segmentStart = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i < path.length() && path.charAt(i) != '/') {
                continue;
            }
            boolean id = i > segmentStart && looksLikeId(path, segmentStart, i);
            if (id && template == null) {
                template = new StringBuilder(path.length()).append(path, 0, segmentStart);
            }
            if (template != null) {
                if (id) {
                    template.append(PLACEHOLDER);
                } else {
                    template.append(path, segmentStart, i);
                }
                if (i < path.length()) {
                    template.append('/');
                }
            }
            segmentStart = i + 1;
        }
        return template == null ? path : template.toString();
    }

    static boolean looksLikeId(String s, int from, int to) {
        return isNumber(s, from, to) || isUuid(s, from, to) || isLongHex(s, afterAlgorithm(s, from, to), to);
    }

    private static boolean isNumber(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUuid(String s, int from, int to) {
        if (to - from != UUID_LENGTH) {
            return false;
        }
        int dash = 0;
        for (int i = 0; i < UUID_LENGTH; i++) {
            char c = s.charAt(from + i);
            if (dash < UUID_DASHES.length && i == UUID_DASHES[dash]) {
                if (c != '-') {
                    return false;
                }
                dash++;
            } else if (!isHex(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLongHex(String s, int from, int to) {
        if (to - from < LONG_HEX) {
            return false;
        }
        boolean digit = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!isHex(c)) {
                return false;
            }
            digit |= isDigit(c);
        }
        return digit;
    }

    /** Just past a leading {@code name:} made of letters and digits ({@code sha256:}), else {@code from}. */
    private static int afterAlgorithm(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == ':') {
                return i > from ? i + 1 : from;
            }
            if (!isDigit(c) && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z')) {
                return from;
            }
        }
        return from;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
