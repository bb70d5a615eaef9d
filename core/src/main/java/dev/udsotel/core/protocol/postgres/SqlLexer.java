package dev.udsotel.core.protocol.postgres;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits PostgreSQL SQL into tokens the way the server's scanner would, far enough to find keywords, identifiers
 * and literals: single-quoted strings (with E, B, X, N and U&amp; prefixes, doubled quotes, backslash escapes in E
 * strings), dollar-quoted strings, quoted identifiers, numbers, {@code $n} parameters, and skipping {@code --} and
 * nested {@code /* *\/} comments. Text cut by the capture limit yields a last token that is not closed. Linear time.
 */
final class SqlLexer {
    private final byte[] bytes;
    private final int limit;
    private final boolean complete;
    private int at;
    private int depth;

    private SqlLexer(byte[] bytes, int from, int limit, boolean complete) {
        this.bytes = bytes;
        this.at = from;
        this.limit = limit;
        this.complete = complete;
    }

    /**
     * The tokens of {@code bytes[from, limit)}.
     *
     * @param complete whether the text ends at {@code limit}, rather than being cut there
     */
    static List<SqlToken> tokens(byte[] bytes, int from, int limit, boolean complete) {
        return new SqlLexer(bytes, from, limit, complete).all();
    }

    private List<SqlToken> all() {
        List<SqlToken> tokens = new ArrayList<>();
        while (skipBlanksAndComments()) {
            tokens.add(next());
        }
        return tokens;
    }

    /** Whether a token starts at {@link #at}. */
    private boolean skipBlanksAndComments() {
        while (at < limit) {
            int b = bytes[at];
            if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f') {
                at++;
            } else if (b == '-' && peek(1) == '-') {
                while (at < limit && bytes[at] != '\n') {
                    at++;
                }
            } else if (b == '/' && peek(1) == '*') {
                skipBlockComment();
            } else {
                return true;
            }
        }
        return false;
    }

    private void skipBlockComment() {
        int nesting = 0;
        while (at < limit) {
            if (bytes[at] == '/' && peek(1) == '*') {
                nesting++;
                at += 2;
            } else if (bytes[at] == '*' && peek(1) == '/') {
                at += 2;
                if (--nesting == 0) {
                    return;
                }
            } else {
                at++;
            }
        }
    }

    private SqlToken next() {
        int start = at;
        int b = bytes[at];
        if (b == '\'') {
            return quoted(start, at, '\'', false);
        }
        if (b == '"') {
            return quoted(start, at, '"', false);
        }
        if (b == '$') {
            return dollar(start);
        }
        if (isDigit(b) || (b == '.' && isDigit(peek(1)))) {
            return number(start);
        }
        if (isIdentifierStart(b)) {
            return wordOrPrefixedString(start);
        }
        at++;
        int tokenDepth = depth;
        if (b == '(') {
            depth++;
        } else if (b == ')' && depth > 0) {
            depth--;
            tokenDepth = depth;
        }
        return new SqlToken(SqlToken.Type.PUNCTUATION, start, at, true, tokenDepth);
    }

    /** A quoted string or identifier whose opening quote is at {@code quoteAt}. */
    private SqlToken quoted(int start, int quoteAt, int quote, boolean backslashEscapes) {
        at = quoteAt + 1;
        while (at < limit) {
            int b = bytes[at];
            if (backslashEscapes && b == '\\') {
                at += 2;
            } else if (b == quote) {
                if (peek(1) == quote) {
                    at += 2;
                } else {
                    at++;
                    return new SqlToken(
                            quote == '"' ? SqlToken.Type.QUOTED_IDENTIFIER : SqlToken.Type.STRING,
                            start,
                            at,
                            true,
                            depth);
                }
            } else {
                at++;
            }
        }
        at = limit;
        return new SqlToken(
                quote == '"' ? SqlToken.Type.QUOTED_IDENTIFIER : SqlToken.Type.STRING, start, limit, false, depth);
    }

    /** {@code $1}, a dollar-quoted string {@code $tag$...$tag$}, or a lone dollar sign. */
    private SqlToken dollar(int start) {
        if (isDigit(peek(1))) {
            at++;
            while (at < limit && isDigit(bytes[at])) {
                at++;
            }
            return new SqlToken(SqlToken.Type.PARAMETER, start, at, at < limit || complete, depth);
        }
        int tagEnd = start + 1;
        while (tagEnd < limit
                && isIdentifierPart(bytes[tagEnd])
                && bytes[tagEnd] != '$'
                && (tagEnd > start + 1 || !isDigit(bytes[tagEnd]))) {
            tagEnd++;
        }
        if (tagEnd >= limit || bytes[tagEnd] != '$') {
            if (tagEnd >= limit && !complete) {
                at = limit;
                return new SqlToken(SqlToken.Type.STRING, start, limit, false, depth);
            }
            at = start + 1;
            return new SqlToken(SqlToken.Type.PUNCTUATION, start, at, true, depth);
        }
        int delimiterLength = tagEnd + 1 - start;
        for (int i = tagEnd + 1; i + delimiterLength <= limit; i++) {
            if (bytes[i] == '$' && java.util.Arrays.equals(bytes, i, i + delimiterLength, bytes, start, tagEnd + 1)) {
                at = i + delimiterLength;
                return new SqlToken(SqlToken.Type.STRING, start, at, true, depth);
            }
        }
        at = limit;
        return new SqlToken(SqlToken.Type.STRING, start, limit, false, depth);
    }

    private SqlToken number(int start) {
        at++;
        while (at < limit) {
            int b = bytes[at];
            if (isDigit(b) || b == '.' || b == '_' || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')) {
                at++;
            } else if ((b == '+' || b == '-') && (bytes[at - 1] == 'e' || bytes[at - 1] == 'E')) {
                at++;
            } else {
                break;
            }
        }
        return new SqlToken(SqlToken.Type.NUMBER, start, at, at < limit || complete, depth);
    }

    /** A keyword or identifier, or a string with a prefix such as {@code E'...'} or {@code U&'...'}. */
    private SqlToken wordOrPrefixedString(int start) {
        at++;
        while (at < limit && isIdentifierPart(bytes[at])) {
            at++;
        }
        int length = at - start;
        int first = bytes[start] | 0x20;
        if (length == 1 && at < limit) {
            if (bytes[at] == '\'' && (first == 'e' || first == 'b' || first == 'x' || first == 'n')) {
                return quoted(start, at, '\'', first == 'e');
            }
            if (first == 'u' && bytes[at] == '&' && at + 1 < limit && (bytes[at + 1] == '\'' || bytes[at + 1] == '"')) {
                return quoted(start, at + 1, bytes[at + 1], false);
            }
        }
        return new SqlToken(SqlToken.Type.WORD, start, at, at < limit || complete, depth);
    }

    private int peek(int ahead) {
        return at + ahead < limit ? bytes[at + ahead] : -1;
    }

    private static boolean isDigit(int b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isIdentifierStart(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_' || b < 0;
    }

    private static boolean isIdentifierPart(int b) {
        return isIdentifierStart(b) || isDigit(b) || b == '$';
    }
}
