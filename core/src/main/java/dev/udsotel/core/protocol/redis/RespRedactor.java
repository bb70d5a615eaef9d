package dev.udsotel.core.protocol.redis;

import dev.udsotel.core.protocol.CredentialHeaderRedactor;
import dev.udsotel.core.protocol.Redacted;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Replaces passwords (and user names) in {@code AUTH}, {@code HELLO ... AUTH} and {@code MIGRATE ... AUTH|AUTH2}.
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

    private RespRedactor() {}

    static Redacted redact(byte[] bytes, List<RespCommand> commands) {
        ByteArrayOutputStream out = null;
        int copiedUpTo = 0;
        for (RespCommand command : commands) {
            int first = firstSecret(bytes, command);
            if (first < 0) {
                continue;
            }
            boolean[] secret = secretParts(bytes, command, first);
            for (int k = first; k < command.parts().size(); k++) {
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

    /** The index of the first secret part of {@code command}, or -1 when it carries none. */
    private static int firstSecret(byte[] bytes, RespCommand command) {
        String name = command.name(bytes);
        if (name == null) {
            return -1;
        }
        int from;
        switch (name) {
            case "AUTH":
                return command.parts().size() > 1 ? 1 : -1;
            case "HELLO":
                from = 1;
                break;
            case "MIGRATE":
                from = MIGRATE_OPTIONS_START;
                break;
            default:
                return -1;
        }
        for (int k = from; k < command.parts().size(); k++) {
            String word = command.upperCaseWord(bytes, k);
            if ("AUTH".equals(word) || ("AUTH2".equals(word) && name.equals("MIGRATE"))) {
                return k + 1 < command.parts().size() ? k + 1 : -1;
            }
        }
        return -1;
    }

    private static boolean[] secretParts(byte[] bytes, RespCommand command, int first) {
        boolean[] secret = new boolean[command.parts().size()];
        String name = command.name(bytes);
        int count;
        if (name.equals("AUTH")) {
            count = secret.length - first;
        } else if (name.equals("MIGRATE") && "AUTH".equals(command.upperCaseWord(bytes, first - 1))) {
            count = 1;
        } else {
            count = 2;
        }
        for (int k = first; k < Math.min(secret.length, first + count); k++) {
            secret[k] = true;
        }
        return secret;
    }

    private static int lineContentEnd(byte[] bytes, int at) {
        while (at < bytes.length && bytes[at] != '\r' && bytes[at] != '\n') {
            at++;
        }
        return at;
    }
}
