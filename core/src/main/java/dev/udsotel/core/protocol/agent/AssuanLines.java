package dev.udsotel.core.protocol.agent;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The Assuan line protocol that gpg-agent (and scdaemon, dirmngr) speak: one command or status per line. Secrets
 * travel in data lines ({@code D ...}, both ways: keys, passphrases, decrypted session keys) and in the arguments
 * of a few commands ({@code PRESET_PASSPHRASE}, {@code PUT_SECRET}...), which never leave.
 */
public final class AssuanLines {
    private static final Set<String> COMMANDS = Set.of(
            "GETINFO",
            "OPTION",
            "RESET",
            "BYE",
            "NOP",
            "HAVEKEY",
            "KEYINFO",
            "SIGKEY",
            "SETKEY",
            "SETKEYDESC",
            "SETHASH",
            "PKSIGN",
            "PKDECRYPT",
            "GENKEY",
            "READKEY",
            "GET_PASSPHRASE",
            "CLEAR_PASSPHRASE",
            "PRESET_PASSPHRASE",
            "GET_CONFIRMATION",
            "LISTTRUSTED",
            "LEARN",
            "PASSWD",
            "IMPORT_KEY",
            "EXPORT_KEY",
            "KEYWRAP_KEY",
            "GETEVENTCOUNTER",
            "KILLAGENT",
            "RELOADAGENT",
            "SCD",
            "PUT_SECRET",
            "GET_SECRET",
            "KEYATTR",
            "KEYTOCARD",
            "DELETE_KEY",
            "UPDATESTARTUPTTY",
            "END",
            "CANCEL",
            "GETVAL",
            "PUTVAL");
    private static final Set<String> SECRET_ARGUMENTS =
            Set.of("PRESET_PASSPHRASE", "PUT_SECRET", "PUTVAL", "KEYWRAP_KEY", "SETHASH");
    private static final byte[] GREETING = "OK Pleased to meet you".getBytes(StandardCharsets.US_ASCII);

    private AssuanLines() {}

    /** Whether a request starts with an Assuan command gpg-agent knows. */
    public static boolean startsRequest(byte[] bytes) {
        String word = firstWord(bytes, 0, bytes.length);
        return word != null && word.length() < bytes.length && COMMANDS.contains(word);
    }

    /** Whether an answer starts like Assuan's: the greeting, OK, ERR, data, status or an inquiry. */
    public static boolean startsAnswer(byte[] bytes) {
        String word = firstWord(bytes, 0, bytes.length);
        return word != null
                && (word.equals("OK")
                        || word.equals("ERR")
                        || word.equals("D")
                        || word.equals("S")
                        || word.equals("INQUIRE"));
    }

    /** Whether these bytes are gpg-agent's greeting. */
    public static boolean isGreeting(byte[] bytes) {
        return java.util.Arrays.equals(
                        bytes,
                        0,
                        Math.min(bytes.length, GREETING.length),
                        GREETING,
                        0,
                        Math.min(bytes.length, GREETING.length))
                && bytes.length >= 3;
    }

    /** The first word of the line at {@code from}, or null when it is not an upper-case word followed by a blank or end. */
    static String firstWord(byte[] bytes, int from, int to) {
        int end = from;
        while (end < to && ((bytes[end] >= 'A' && bytes[end] <= 'Z') || bytes[end] == '_')) {
            end++;
        }
        if (end == from || (end < to && bytes[end] != ' ' && bytes[end] != '\n' && bytes[end] != '\r')) {
            return null;
        }
        return new String(bytes, from, end - from, StandardCharsets.US_ASCII);
    }

    /**
     * Where the secret part of the line starting at {@code lineStart} begins (it runs to the end of the line), or -1:
     * the data of a {@code D} line, the arguments of a command that carries secrets. A line that does not start
     * with a known word is taken for data too.
     */
    public static int secretFrom(byte[] bytes, int lineStart, int to) {
        String word = firstWord(bytes, lineStart, to);
        if (word == null) {
            return lineStart;
        }
        if (word.equals("D") || SECRET_ARGUMENTS.contains(word)) {
            return Math.min(to, lineStart + word.length() + 1);
        }
        return -1;
    }
}
