package dev.udsotel.core.protocol.postgres;

import dev.udsotel.core.redaction.SecretRanges;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes PostgreSQL credentials from previews, replacing each with {@value SecretRanges#MARK}.
 *
 * <p>Request side: the whole content of every password message ({@code 'p'}: cleartext and MD5 passwords, SASL
 * initial response and response, GSS tokens) and of Bind (parameter values), FunctionCall and CopyData messages,
 * whose length field is rewritten too so that it does not tell the secret's length; the value of a
 * {@code password} start-up parameter; and every SQL literal (string or number) in Query and Parse messages, as
 * {@code db.query.text} has them replaced. Response side: the data of AuthenticationSASLFinal, whose server
 * signature would allow an offline guess of the password, and the column values of every DataRow. The message type
 * bytes stay; a rewritten message's length is fixed when the whole message was visible, so the preview stays
 * readable as protocol.
 */
final class PostgresRedactor {
    private static final byte[] MARK = SecretRanges.MARK.getBytes(StandardCharsets.US_ASCII);
    private static final String PASSWORD_PARAMETER = "password";

    private PostgresRedactor() {}

    /** A range of a message to replace with the mark. */
    private record Secret(int start, int end) {}

    static byte[] request(byte[] bytes, List<FrontendMessage> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 16);
        int copied = 0;
        for (FrontendMessage message : messages) {
            int visibleEnd = message.visibleEnd(bytes);
            if (message.isTyped('p') || message.isTyped('B') || message.isTyped('F') || message.isTyped('d')) {
                if (visibleEnd > message.bodyStart()) {
                    out.write(bytes, copied, message.start() + 1 - copied);
                    byte[] length = new byte[4];
                    Wire.putInt32(length, 0, 4 + MARK.length);
                    out.write(length, 0, 4);
                    out.write(MARK, 0, MARK.length);
                    copied = visibleEnd;
                }
                continue;
            }
            List<Secret> secrets = secretsIn(bytes, message);
            if (secrets.isEmpty()) {
                continue;
            }
            out.write(bytes, copied, message.start() - copied);
            byte[] rewritten = replaced(bytes, message.start(), visibleEnd, secrets);
            if (message.complete(bytes)) {
                int lengthAt = message.kind() == FrontendMessage.Kind.TYPED ? 1 : 0;
                Wire.putInt32(rewritten, lengthAt, rewritten.length - lengthAt);
            }
            out.write(rewritten, 0, rewritten.length);
            copied = visibleEnd;
        }
        out.write(bytes, copied, bytes.length - copied);
        return out.toByteArray();
    }

    /** The response with the data of AuthenticationSASLFinal replaced. */
    static byte[] response(byte[] bytes) {
        ByteArrayOutputStream out = null;
        int copied = 0;
        int at = 0;
        while (at + 5 <= bytes.length) {
            int length = Wire.int32(bytes, at + 1);
            if (length < 4 || length > Wire.MAX_LENGTH) {
                break;
            }
            long end = (long) at + 1 + length;
            int visibleEnd = (int) Math.min(end, bytes.length);
            int data = at + 9;
            int code = data <= bytes.length ? Wire.int32(bytes, at + 5) : -1;
            if (bytes[at] == 'R' && data < visibleEnd && code == BackendSummary.AUTH_SASL_FINAL) {
                if (out == null) {
                    out = new ByteArrayOutputStream(bytes.length + 16);
                }
                out.write(bytes, copied, at + 1 - copied);
                byte[] header = new byte[8];
                Wire.putInt32(header, 0, 8 + MARK.length);
                Wire.putInt32(header, 4, code);
                out.write(header, 0, header.length);
                out.write(MARK, 0, MARK.length);
                copied = visibleEnd;
            } else if (bytes[at] == 'D' && at + 7 < visibleEnd) {
                if (out == null) {
                    out = new ByteArrayOutputStream(bytes.length + 16);
                }
                out.write(bytes, copied, at + 1 - copied);
                byte[] header = new byte[6];
                Wire.putInt32(header, 0, 6 + MARK.length);
                header[4] = bytes[at + 5];
                header[5] = bytes[at + 6];
                out.write(header, 0, header.length);
                out.write(MARK, 0, MARK.length);
                copied = visibleEnd;
            }
            if (end > bytes.length) {
                break;
            }
            at = (int) end;
        }
        if (out == null) {
            return bytes;
        }
        out.write(bytes, copied, bytes.length - copied);
        return out.toByteArray();
    }

    private static List<Secret> secretsIn(byte[] bytes, FrontendMessage message) {
        if (message.kind() == FrontendMessage.Kind.STARTUP) {
            return passwordParameters(bytes, message);
        }
        int sqlStart;
        if (message.isTyped('Q')) {
            sqlStart = message.bodyStart();
        } else if (message.isTyped('P')) {
            int nameEnd = Wire.textEnd(bytes, message.bodyStart(), message.end(), Wire.Text.NAME);
            if (nameEnd < 0) {
                return List.of();
            }
            sqlStart = nameEnd + 1;
        } else {
            return List.of();
        }
        List<Secret> secrets = new ArrayList<>(1);
        int sqlEnd = Wire.textEnd(bytes, sqlStart, message.end(), Wire.Text.SQL);
        boolean complete = sqlEnd >= 0;
        int limit = complete ? sqlEnd : message.visibleEnd(bytes);
        for (SqlToken token : SqlLexer.tokens(bytes, sqlStart, limit, complete)) {
            if (token.type() == SqlToken.Type.STRING || token.type() == SqlToken.Type.NUMBER) {
                secrets.add(new Secret(token.start(), token.end()));
            }
        }
        return secrets;
    }

    /** The values of start-up parameters named {@code password}, in any case, visible or cut. */
    private static List<Secret> passwordParameters(byte[] bytes, FrontendMessage message) {
        List<Secret> secrets = new ArrayList<>(1);
        for (StartupParameter parameter : StartupParameter.read(bytes, message)) {
            if (parameter.name().equalsIgnoreCase(PASSWORD_PARAMETER)
                    && parameter.valueEnd() > parameter.valueStart()) {
                secrets.add(new Secret(parameter.valueStart(), parameter.valueEnd()));
            }
        }
        return secrets;
    }

    private static byte[] replaced(byte[] bytes, int from, int to, List<Secret> secrets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from + 16);
        int copied = from;
        for (Secret secret : secrets) {
            out.write(bytes, copied, secret.start() - copied);
            out.write(MARK, 0, MARK.length);
            copied = secret.end();
        }
        out.write(bytes, copied, to - copied);
        return out.toByteArray();
    }
}
