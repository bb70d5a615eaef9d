package dev.udsotel.core.protocol.postgres;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One lexical token of SQL text held in a byte array.
 *
 * @param start offset of its first byte, including a literal's prefix and quotes
 * @param end offset just past it
 * @param closed whether it is known to be whole: a quoted token's closing quote was seen, or something follows it
 * @param depth how many parentheses are open where it starts
 */
record SqlToken(Type type, int start, int end, boolean closed, int depth) {
    enum Type {
        WORD,
        QUOTED_IDENTIFIER,
        STRING,
        NUMBER,
        PARAMETER,
        PUNCTUATION
    }

    boolean isWord(byte[] bytes, String upperCase) {
        if (type != Type.WORD || end - start != upperCase.length()) {
            return false;
        }
        for (int k = 0; k < upperCase.length(); k++) {
            int b = bytes[start + k];
            if (b >= 'a' && b <= 'z') {
                b -= 'a' - 'A';
            }
            if (b != upperCase.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    boolean isPunctuation(byte[] bytes, char c) {
        return type == Type.PUNCTUATION && bytes[start] == c;
    }

    String upperCaseText(byte[] bytes) {
        return new String(bytes, start, end - start, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
    }

    /** An identifier as PostgreSQL resolves it: quoted ones without their quotes, unquoted ones in lower case. */
    String identifier(byte[] bytes) {
        if (type == Type.QUOTED_IDENTIFIER) {
            return new String(bytes, start + 1, end - start - 2, StandardCharsets.UTF_8).replace("\"\"", "\"");
        }
        return new String(bytes, start, end - start, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    }
}
