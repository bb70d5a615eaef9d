package dev.udsotel.core.redaction;

import dev.udsotel.core.payload.ByteScan;

/**
 * Finds credential values in text by their names ({@link CredentialNames}), whatever the text is: HTTP header
 * fields ({@code Authorization: ...} to the end of the line, with folded lines), URL query parameters and form
 * fields ({@code access_token=...} to the next {@code &}, {@code ;}, quote or blank), JSON members
 * ({@code "password": "..."}), {@code key: value} and {@code key=value} in unknown text protocols, and the userinfo of
 * URLs ({@code scheme://user:password@host}). Linear time.
 *
 * <p>For a stream cut into messages, {@link #scan} says how a value that runs to the end of the bytes goes on, and
 * {@link #resume} finds its end in the next bytes.
 */
public final class TextSecrets {
    /** How a secret value that reaches the end of the scanned bytes continues into the next. */
    public enum Open {
        /** Nothing continues. */
        NONE,
        /** A header or {@code key: value}: to the end of the line. */
        LINE,
        /** A {@code key=value}: to the next delimiter. */
        TOKEN,
        /** A JSON string: to the closing quote. */
        QUOTED
    }

    private TextSecrets() {}

    /** The secret values of all of {@code bytes} replaced by the mark. */
    public static Redacted redact(byte[] bytes) {
        if (bytes == null) {
            return Redacted.unchanged(new byte[0]);
        }
        SecretRanges ranges = new SecretRanges();
        scan(bytes, 0, bytes.length, ranges);
        return ranges.isEmpty() ? Redacted.unchanged(bytes) : ranges.replaced(bytes);
    }

    /** The secret values of {@code text} replaced by the mark, or {@code text} itself. */
    public static String redact(String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Redacted redacted = redact(bytes);
        return redacted.changed() ? new String(redacted.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1) : text;
    }

    /**
     * Adds the secret values of {@code [from, to)} to {@code out}, names being looked for from {@code contextFrom}
     * (earlier bytes of the same stream, already written out, that a name may start in).
     *
     * @return how the last value continues past {@code to}
     */
    public static Open scan(byte[] b, int contextFrom, int from, int to, SecretRanges out) {
        Open open = Open.NONE;
        int i = contextFrom;
        while (i < to) {
            int c = b[i];
            if (c == ':' && i + 2 < to && b[i + 1] == '/' && b[i + 2] == '/') {
                int at = userinfoEnd(b, i + 3, to);
                if (at > 0) {
                    out.add(Math.max(from, i + 3), at);
                    i = at;
                    continue;
                }
                i += 3;
                continue;
            }
            if (c != ':' && c != '=') {
                i = ByteScan.indexOfEither(b, (byte) ':', (byte) '=', i + 1, to); // names end only there
                continue;
            }
            int[] name = nameBefore(b, contextFrom, i);
            if (name == null || !CredentialNames.isCredential(b, name[0], name[1])) {
                i++;
                continue;
            }
            boolean quotedName = name[2] == 1;
            int v = skipBlanks(b, i + 1, to);
            int end;
            Open kind;
            if (v < to && b[v] == '"' && (quotedName || c == '=')) {
                v++;
                end = quoteEnd(b, v, to);
                kind = Open.QUOTED;
            } else if (quotedName) {
                if (v < to && (b[v] == '{' || b[v] == '[')) {
                    i = v;
                    continue;
                }
                end = tokenEnd(b, v, to);
                kind = Open.TOKEN;
            } else if (c == ':') {
                end = foldedLineEnd(b, v, to);
                kind = Open.LINE;
            } else {
                end = tokenEnd(b, v, to);
                kind = Open.TOKEN;
            }
            if (end > v && !SecretRanges.isMark(b, v, end)) {
                out.add(Math.max(from, v), end);
            }
            open = end >= to ? kind : Open.NONE; // also when the value starts in the next bytes
            i = Math.max(end, i + 1);
        }
        return i > to ? Open.NONE : open;
    }

    /** {@link #scan} without earlier context. */
    public static Open scan(byte[] b, int from, int to, SecretRanges out) {
        return scan(b, from, from, to, out);
    }

    /** Where a value left {@code open} ends in the next bytes {@code [from, to)}; adds its range to {@code out}. */
    public static int resume(Open open, byte[] b, int from, int to, SecretRanges out) {
        int end = switch (open) {
            case NONE -> from;
            case LINE -> lineEnd(b, from, to);
            case TOKEN -> tokenEnd(b, from, to);
            case QUOTED -> quoteEnd(b, from, to);
        };
        out.add(from, end);
        return end;
    }

    /** {@code [start, end, quoted]} of the name ending before the separator at {@code sep}, or null. */
    private static int[] nameBefore(byte[] b, int floor, int sep) {
        int j = sep - 1;
        while (j >= floor && (b[j] == ' ' || b[j] == '\t')) {
            j--;
        }
        boolean quoted = j >= floor && (b[j] == '"' || b[j] == '\'');
        if (quoted) {
            j--;
        }
        int end = j + 1;
        while (j >= floor && isNameChar(b[j])) {
            j--;
        }
        int start = j + 1;
        if (start == end) {
            return null;
        }
        return new int[] {start, end, quoted ? 1 : 0};
    }

    private static boolean isNameChar(byte c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '_'
                || c == '.'
                || c == '['
                || c == ']';
    }

    /** The offset of the {@code @} ending a URL's userinfo that starts at {@code at}, or -1. */
    private static int userinfoEnd(byte[] b, int at, int to) {
        for (int k = at; k < to; k++) {
            byte c = b[k];
            if (c == '@') {
                return k > at ? k : -1;
            }
            if (c == '/' || c == '?' || c == '#' || c == ' ' || c == '\r' || c == '\n' || c == '"' || c == '\'') {
                return -1;
            }
        }
        return -1;
    }

    private static int skipBlanks(byte[] b, int at, int to) {
        while (at < to && (b[at] == ' ' || b[at] == '\t')) {
            at++;
        }
        return at;
    }

    private static int tokenEnd(byte[] b, int at, int to) {
        while (at < to) {
            byte c = b[at];
            if (c == '&' || c == ';' || c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"'
                    || c == '\'' || c == '}' || c == '<' || c == 0) {
                return at;
            }
            at++;
        }
        return to;
    }

    private static int quoteEnd(byte[] b, int at, int to) {
        while (at < to) {
            if (b[at] == '\\') {
                at += 2;
                continue;
            }
            if (b[at] == '"') {
                return at;
            }
            at++;
        }
        return to;
    }

    private static int lineEnd(byte[] b, int at, int to) {
        while (at < to && b[at] != '\r' && b[at] != '\n') {
            at++;
        }
        return at;
    }

    /** The end of the line at {@code at}, past continuation lines (a line break followed by a blank). */
    private static int foldedLineEnd(byte[] b, int at, int to) {
        int end = lineEnd(b, at, to);
        while (true) {
            int next = end;
            if (next < to && b[next] == '\r') {
                next++;
            }
            if (next < to && b[next] == '\n') {
                next++;
            } else {
                return end;
            }
            if (next < to && (b[next] == ' ' || b[next] == '\t')) {
                end = lineEnd(b, next, to);
            } else {
                return end;
            }
        }
    }
}
