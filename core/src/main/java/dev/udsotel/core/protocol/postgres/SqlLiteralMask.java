package dev.udsotel.core.protocol.postgres;

/**
 * Says, byte by byte, which bytes of SQL text are inside a literal: string constants ({@code '...'}, {@code E'...'}
 * with backslash escapes, {@code $$...$$}) and numbers not part of a name or a {@code $1} parameter. The quotes stay
 * visible. Keeps its state between calls, for SQL that arrives in pieces.
 */
final class SqlLiteralMask {
    private enum State {
        CODE,
        STRING,
        ESCAPE_STRING,
        ESCAPED,
        NUMBER,
        IDENTIFIER,
        DOLLAR,
        LINE_COMMENT
    }

    private State state = State.CODE;
    private boolean afterNameCharacter;
    private byte previous;

    /** Whether the next byte of the text is part of a literal. */
    boolean literal(byte b) {
        byte before = previous;
        previous = b;
        switch (state) {
            case STRING, ESCAPE_STRING -> {
                if (b == '\'') {
                    state = State.CODE;
                    afterNameCharacter = false;
                    return false;
                }
                if (b == '\\' && state == State.ESCAPE_STRING) {
                    state = State.ESCAPED;
                }
                return true;
            }
            case ESCAPED -> {
                state = State.ESCAPE_STRING;
                return true;
            }
            case NUMBER -> {
                if ((b >= '0' && b <= '9') || b == '.' || b == 'e' || b == 'E' || b == '_') {
                    return true;
                }
                state = State.CODE;
                return code(b, before);
            }
            case IDENTIFIER -> {
                if (b == '"') {
                    state = State.CODE;
                }
                return false;
            }
            case DOLLAR -> {
                if (b == '$' && before == '$') {
                    state = State.CODE;
                    afterNameCharacter = false;
                    return false;
                }
                return b != '$';
            }
            case LINE_COMMENT -> {
                if (b == '\n') {
                    state = State.CODE;
                }
                return false;
            }
            default -> {
                return code(b, before);
            }
        }
    }

    private boolean code(byte b, byte before) {
        boolean nameCharacter =
                (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_' || b == '$' || (b & 0x80) != 0;
        boolean wasAfterName = afterNameCharacter;
        afterNameCharacter = nameCharacter || (wasAfterName && b >= '0' && b <= '9');
        if (b == '\'') {
            state = wasAfterName && (before == 'E' || before == 'e') ? State.ESCAPE_STRING : State.STRING;
            afterNameCharacter = false;
            return false;
        }
        if (b == '"') {
            state = State.IDENTIFIER;
            return false;
        }
        if (b == '$' && before == '$') {
            state = State.DOLLAR;
            afterNameCharacter = false;
            return false;
        }
        if (b == '-' && before == '-') {
            state = State.LINE_COMMENT;
            return false;
        }
        if (b >= '0' && b <= '9' && !wasAfterName) {
            state = State.NUMBER;
            return true;
        }
        return false;
    }
}
