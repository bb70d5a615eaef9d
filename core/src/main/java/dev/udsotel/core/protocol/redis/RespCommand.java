package dev.udsotel.core.protocol.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * One command as far as the prefix shows it: a RESP array of bulk strings, or an inline command line.
 *
 * @param parts the visible parts, the command name first; the last may be cut
 * @param arguments how many parts follow the name: declared by the array header, counted for inline commands
 * @param inline whether it was sent as a plain text line
 * @param end the offset just past the command, or -1 when the prefix ends inside it
 */
record RespCommand(List<Part> parts, int arguments, boolean inline, int end) {

    /**
     * One bulk string or inline word.
     *
     * @param start where its encoding starts: the {@code $} of a bulk string, the first byte of a word
     * @param dataStart where its content starts, or -1 when the prefix ends before
     * @param dataEnd where its visible content ends
     * @param complete whether the whole content is visible
     */
    record Part(int start, int dataStart, int dataEnd, boolean complete) {
        String text(byte[] bytes) {
            return new String(bytes, dataStart, dataEnd - dataStart, StandardCharsets.ISO_8859_1);
        }

        boolean hasContent() {
            return dataStart >= 0 && dataEnd > dataStart;
        }
    }

    /** The command name in upper case, or null when it is not fully visible. */
    String name(byte[] bytes) {
        return upperCaseWord(bytes, 0);
    }

    /** Whether {@link #name} is not null, without building it. */
    boolean hasName() {
        return !parts.isEmpty() && parts.get(0).complete() && parts.get(0).dataStart() >= 0;
    }

    /** The upper-cased part at {@code index} when it is fully visible, else null. */
    String upperCaseWord(byte[] bytes, int index) {
        if (index >= parts.size()
                || !parts.get(index).complete()
                || parts.get(index).dataStart() < 0) {
            return null;
        }
        return parts.get(index).text(bytes).toUpperCase(Locale.ROOT);
    }
}
