package dev.udsotel.core.protocol.redis;

import dev.udsotel.core.protocol.CredentialHeaderRedactor;
import dev.udsotel.core.protocol.Redacted;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Replaces credentials in Redis commands: the arguments of {@code AUTH}, the user and password after
 * {@code HELLO ... AUTH}, the password after {@code MIGRATE ... AUTH} and user and password after {@code AUTH2},
 * and beyond what clients send on connect, passwords set by {@code CONFIG SET requirepass|masterauth ...} and
 * the password rules ({@code >pw <pw #hash !hash}) of {@code ACL SETUSER}.
 *
 * <p>In a RESP array each secret bulk string becomes {@code $10\r\n[REDACTED]}, so the preview stays valid RESP
 * and does not reveal the secret's length. In an inline command everything from the first secret word to the end
 * of the line becomes {@code [REDACTED]}, which is safe however the words were quoted. A secret cut by the capture
 * limit is replaced just the same.
 */
final class RespRedactor {
    private static final byte[] MARK = CredentialHeaderRedactor.MARK.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BULK_MARK = ("$" + MARK.length + "\r\n" + CredentialHeaderRedactor.MARK)
            .getBytes(StandardCharsets.US_ASCII);
    /** MIGRATE host port key destination-db timeout: options start after these. */
    private static final int MIGRATE_OPTIONS_START = 6;
    private static final Set<String> SECRET_CONFIG = Set.of(
            "REQUIREPASS", "MASTERAUTH", "TLS-KEY-FILE-PASS", "TLS-CLIENT-KEY-FILE-PASS");

    private RespRedactor() {}

    static Redacted redact(byte[] bytes, List<RespCommand> commands) {
        ByteArrayOutputStream out = null;
        int copiedUpTo = 0;
        for (RespCommand command : commands) {
            boolean[] secret = secretParts(bytes, command);
            if (secret == null) {
                continue;
            }
            for (int k = 1; k < secret.length; k++) {
                RespCommand.Part part = command.parts().get(k);
                if (!secret[k] || !part.hasContent()) {
                    continue;
                }
                if (out == null) {
                    out = new ByteArrayOutputStream(bytes.length + 16);
                }
                out.write(bytes, copiedUpTo, part.start() - copiedUpTo);
                if (command.inline()) {
                    out.write(MARK, 0, MARK.length);
                    copiedUpTo = lineContentEnd(bytes, part.start());
                    break;
                }
                out.write(BULK_MARK, 0, BULK_MARK.length);
                copiedUpTo = part.dataEnd();
            }
        }
        if (out == null) {
            return Redacted.unchanged(bytes);
        }
        out.write(bytes, copiedUpTo, bytes.length - copiedUpTo);
        return new Redacted(out.toByteArray(), true);
    }

    /** Which parts of {@code command} are secret, or null when none is. */
    private static boolean[] secretParts(byte[] bytes, RespCommand command) {
        String name = command.name(bytes);
        if (name == null) {
            return null;
        }
        int size = command.parts().size();
        boolean[] secret = new boolean[size];
        boolean any = false;
        switch (name) {
            case "AUTH" -> any = mark(secret, 1, size - 1);
            case "HELLO" -> {
                int keyword = find(bytes, command, 1, "AUTH");
                any = keyword > 0 && mark(secret, keyword + 1, 2);
            }
            case "MIGRATE" -> {
                int auth = find(bytes, command, MIGRATE_OPTIONS_START, "AUTH");
                int auth2 = find(bytes, command, MIGRATE_OPTIONS_START, "AUTH2");
                any = (auth > 0 && mark(secret, auth + 1, 1)) | (auth2 > 0 && mark(secret, auth2 + 1, 2));
            }
            case "CONFIG" -> {
                if ("SET".equals(command.upperCaseWord(bytes, 1))) {
                    for (int k = 2; k + 1 < size; k += 2) {
                        String parameter = command.upperCaseWord(bytes, k);
                        if (parameter != null && SECRET_CONFIG.contains(parameter)) {
                            any |= mark(secret, k + 1, 1);
                        }
                    }
                }
            }
            case "ACL" -> {
                if ("SETUSER".equals(command.upperCaseWord(bytes, 1))) {
                    for (int k = 3; k < size; k++) {
                        if (isPasswordRule(bytes, command.parts().get(k))) {
                            any |= mark(secret, k, 1);
                        }
                    }
                }
            }
            default -> {
                return null;
            }
        }
        return any ? secret : null;
    }

    /** Marks {@code count} parts from {@code from}, as far as they are visible; whether any was. */
    private static boolean mark(boolean[] secret, int from, int count) {
        boolean any = false;
        for (int k = from; k < Math.min(secret.length, from + count); k++) {
            secret[k] = true;
            any = true;
        }
        return any;
    }

    /** The index of the first part from {@code from} that reads {@code keyword} in any case, or -1. */
    private static int find(byte[] bytes, RespCommand command, int from, String keyword) {
        for (int k = from; k < command.parts().size(); k++) {
            if (keyword.equals(command.upperCaseWord(bytes, k))) {
                return k;
            }
        }
        return -1;
    }

    /** ACL rules that set or remove a password or its hash: {@code >pw}, {@code <pw}, {@code #hash}, {@code !hash}. */
    private static boolean isPasswordRule(byte[] bytes, RespCommand.Part part) {
        if (!part.hasContent()) {
            return false;
        }
        byte first = bytes[part.dataStart()];
        return first == '>' || first == '<' || first == '#' || first == '!';
    }

    private static int lineContentEnd(byte[] bytes, int at) {
        while (at < bytes.length && bytes[at] != '\r' && bytes[at] != '\n') {
            at++;
        }
        return at;
    }
}
