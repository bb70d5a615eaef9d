package dev.udsotel.core.protocol.redis;

import dev.udsotel.core.redaction.Redacted;
import dev.udsotel.core.redaction.SecretRanges;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

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
    private static final byte[] MARK = SecretRanges.MARK.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BULK_MARK =
            ("$" + MARK.length + "\r\n" + SecretRanges.MARK).getBytes(StandardCharsets.US_ASCII);

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

    /** Which parts of {@code command} are secret ({@link RedisSecrets}), or null when none is. */
    private static boolean[] secretParts(byte[] bytes, RespCommand command) {
        String name = command.name(bytes);
        if (name == null) {
            return null;
        }
        int size = command.parts().size();
        boolean[] secret = new boolean[size];
        boolean any = false;
        String sub = command.upperCaseWord(bytes, 1);
        String beforePrevious = null;
        String previous = name;
        for (int k = 1; k < size; k++) {
            RespCommand.Part part = command.parts().get(k);
            int first = part.hasContent() ? bytes[part.dataStart()] : -1;
            secret[k] = RedisSecrets.isSecretArgument(name, sub, previous, beforePrevious, k, first);
            any |= secret[k];
            beforePrevious = previous;
            previous = command.upperCaseWord(bytes, k);
        }
        return any ? secret : null;
    }

    /** Whether a reply to one of the commands carries secrets, so the whole response is withheld. */
    static boolean hasSecretReply(byte[] bytes, List<RespCommand> commands) {
        for (RespCommand command : commands) {
            if (RedisSecrets.hasSecretReply(
                    command.name(bytes), command.upperCaseWord(bytes, 1), command.upperCaseWord(bytes, 2))) {
                return true;
            }
        }
        return false;
    }

    private static int lineContentEnd(byte[] bytes, int at) {
        while (at < bytes.length && bytes[at] != '\r' && bytes[at] != '\n') {
            at++;
        }
        return at;
    }
}
