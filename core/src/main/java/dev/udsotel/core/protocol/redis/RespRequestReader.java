package dev.udsotel.core.protocol.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a request prefix into the commands it shows. Stops at the first byte that fits neither a RESP array of
 * bulk strings nor an inline command, or where the prefix ends. Linear time.
 */
final class RespRequestReader {
    private static final int MAX_LENGTH_DIGITS = 10;

    private RespRequestReader() {}

    static List<RespCommand> read(byte[] bytes) {
        List<RespCommand> commands = new ArrayList<>(2);
        int at = 0;
        while (at < bytes.length) {
            byte b = bytes[at];
            if (b == '\r' || b == '\n') {
                at++;
                continue;
            }
            RespCommand command = b == '*' ? readArray(bytes, at) : isLetter(b) ? readInline(bytes, at) : null;
            if (command == null) {
                break;
            }
            commands.add(command);
            if (command.end() < 0) {
                break;
            }
            at = command.end();
        }
        return commands;
    }

    /**
     * The first word of an inline command starting at offset 0 with a letter, as {@link #read} would name it, when
     * it is fully visible and no longer than the longest known command name; else null. Looks at no more bytes than
     * that name, so text that is not Redis is not tokenized whole.
     */
    static String firstInlineWord(byte[] bytes) {
        int end = 0;
        int limit = Math.min(bytes.length, RedisCommands.LONGEST_KNOWN_NAME + 1);
        while (end < limit && !isBlank(bytes[end]) && bytes[end] != '\r' && bytes[end] != '\n') {
            end++;
        }
        if (end >= bytes.length || end > RedisCommands.LONGEST_KNOWN_NAME) {
            return null;
        }
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    }

    /** Whether the prefix starts with {@code *<digits>\r\n$}. */
    static boolean startsWithArrayOfBulkStrings(byte[] bytes) {
        if (bytes.length < 5 || bytes[0] != '*') {
            return false;
        }
        int i = 1;
        while (i < bytes.length && i <= MAX_LENGTH_DIGITS && isDigit(bytes[i])) {
            i++;
        }
        return i > 1 && i + 2 < bytes.length && bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '$';
    }

    private static RespCommand readArray(byte[] bytes, int at) {
        long count = number(bytes, at + 1);
        int next = afterNumberLine(bytes, at + 1);
        if (count <= 0 || next < 0) {
            return null;
        }
        List<RespCommand.Part> parts = new ArrayList<>((int) Math.min(count, 8));
        int declaredArguments = (int) Math.min(count - 1, Integer.MAX_VALUE);
        for (long k = 0; k < count; k++) {
            if (next >= bytes.length || bytes[next] != '$') {
                return new RespCommand(parts, declaredArguments, false, -1);
            }
            long length = number(bytes, next + 1);
            int dataStart = afterNumberLine(bytes, next + 1);
            if (dataStart < 0 || length < 0) {
                parts.add(new RespCommand.Part(next, -1, -1, false));
                return new RespCommand(parts, declaredArguments, false, -1);
            }
            long dataEnd = dataStart + length;
            boolean complete = dataEnd <= bytes.length;
            parts.add(new RespCommand.Part(next, dataStart, (int) Math.min(dataEnd, bytes.length), complete));
            if (dataEnd + 2 > bytes.length || bytes[(int) dataEnd] != '\r' || bytes[(int) dataEnd + 1] != '\n') {
                return new RespCommand(parts, declaredArguments, false, -1);
            }
            next = (int) dataEnd + 2;
        }
        return new RespCommand(parts, declaredArguments, false, next);
    }

    /** Words split as redis-server splits inline commands: blanks separate, quotes group. */
    private static RespCommand readInline(byte[] bytes, int at) {
        int lineEnd = at;
        while (lineEnd < bytes.length && bytes[lineEnd] != '\n' && bytes[lineEnd] != '\r') {
            lineEnd++;
        }
        boolean lineComplete = lineEnd < bytes.length;
        List<RespCommand.Part> parts = new ArrayList<>(4);
        int i = at;
        while (true) {
            while (i < lineEnd && isBlank(bytes[i])) {
                i++;
            }
            if (i >= lineEnd) {
                break;
            }
            int start = i;
            if (bytes[i] == '"' || bytes[i] == '\'') {
                byte quote = bytes[i];
                i++;
                while (i < lineEnd && bytes[i] != quote) {
                    i += bytes[i] == '\\' && quote == '"' ? 2 : 1;
                }
                i = Math.min(i, lineEnd);
                boolean closed = i < lineEnd;
                parts.add(new RespCommand.Part(start, start + 1, i, closed));
                if (closed) {
                    i++;
                }
            } else {
                while (i < lineEnd && !isBlank(bytes[i])) {
                    i++;
                }
                parts.add(new RespCommand.Part(start, start, i, i < lineEnd || lineComplete));
            }
        }
        int end = -1;
        if (lineComplete) {
            end = lineEnd + 1;
            if (bytes[lineEnd] == '\r' && end < bytes.length && bytes[end] == '\n') {
                end++;
            }
        }
        return new RespCommand(parts, Math.max(0, parts.size() - 1), true, end);
    }

    /** The decimal number starting at {@code at} (an optional minus sign allowed), or -1 if none is there. */
    private static long number(byte[] bytes, int at) {
        long value = 0;
        int i = at;
        boolean negative = i < bytes.length && bytes[i] == '-';
        if (negative) {
            i++;
        }
        int digits = 0;
        while (i < bytes.length && isDigit(bytes[i]) && digits < MAX_LENGTH_DIGITS) {
            value = value * 10 + (bytes[i] - '0');
            i++;
            digits++;
        }
        return digits == 0 || negative ? -1 : value;
    }

    /** The offset after the CR LF that ends the number line starting at {@code at}, or -1. */
    private static int afterNumberLine(byte[] bytes, int at) {
        int i = at;
        while (i < bytes.length && (isDigit(bytes[i]) || bytes[i] == '-')) {
            i++;
        }
        return i + 1 < bytes.length && bytes[i] == '\r' && bytes[i + 1] == '\n' ? i + 2 : -1;
    }

    static boolean isLetter(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }
}
