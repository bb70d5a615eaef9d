package dev.udsotel.core.protocol;

import dev.udsotel.core.payload.ByteScan;
import java.io.ByteArrayOutputStream;

/**
 * Replaces the values of HTTP-looking credential headers with {@value #MARK}, wherever they appear in the bytes.
 *
 * <p>A header is any name ending in {@code authorization} or {@code cookie} (case-insensitive, so also
 * {@code Proxy-Authorization} and {@code Set-Cookie}), or Docker's registry credentials {@code X-Registry-Auth}
 * and {@code X-Registry-Config} (base64 JSON with passwords), optional blanks, then a colon. Its value runs to the end
 * of the line or of the prefix, so a value cut by the capture limit is removed too, and folded continuation
 * lines (starting with a blank) are dropped with it. Matching anywhere, not only at line starts, is deliberate:
 * it also cleans previews that no decoder understood. A value that already reads {@value #MARK} is left alone,
 * so running this twice changes nothing the second time. Linear time.
 */
public final class CredentialHeaderRedactor {
    public static final String MARK = "[REDACTED]";
    private static final byte[] MARK_BYTES = MARK.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] AUTHORIZATION = "authorization".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] COOKIE = "cookie".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] REGISTRY_AUTH = "x-registry-auth".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] REGISTRY_CONFIG =
            "x-registry-config".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private CredentialHeaderRedactor() {}

    public static Redacted redact(byte[] bytes) {
        if (bytes == null) {
            return Redacted.unchanged(new byte[0]);
        }
        if (!mayHoldCredentialHeader(bytes)) {
            return Redacted.unchanged(bytes);
        }
        return scan(bytes);
    }

    /** The redaction itself, looking for a credential name at every offset. */
    static Redacted scan(byte[] bytes) {
        ByteArrayOutputStream out = null;
        int copiedUpTo = 0;
        int i = 0;
        while (i < bytes.length) {
            int nameEnd = credentialNameEndingAt(bytes, i);
            if (nameEnd < 0) {
                i++;
                continue;
            }
            int colon = skipBlanks(bytes, nameEnd);
            if (colon >= bytes.length || bytes[colon] != ':') {
                i++; // another name may start inside this one: X-Registry-Authorization ends in authorization
                continue;
            }
            int valueStart = skipBlanks(bytes, colon + 1);
            int valueEnd = lineEnd(bytes, valueStart);
            int foldedEnd = skipFoldedLines(bytes, valueEnd);
            boolean hasValue = valueEnd > valueStart || foldedEnd > valueEnd;
            if (hasValue && !(foldedEnd == valueEnd && isMark(bytes, valueStart, valueEnd))) {
                if (out == null) {
                    out = new ByteArrayOutputStream(bytes.length + 16);
                }
                out.write(bytes, copiedUpTo, valueStart - copiedUpTo);
                out.write(MARK_BYTES, 0, MARK_BYTES.length);
                copiedUpTo = foldedEnd;
            }
            i = Math.max(foldedEnd, i + 1);
        }
        if (out == null) {
            return Redacted.unchanged(bytes);
        }
        out.write(bytes, copiedUpTo, bytes.length - copiedUpTo);
        return new Redacted(out.toByteArray(), true);
    }

    /**
     * Whether some colon has a credential header name before it, with only blanks in between: every header the
     * scan would redact has one, and most previews (binary, text, HTTP without credentials) have none.
     */
    static boolean mayHoldCredentialHeader(byte[] bytes) {
        for (int colon = ByteScan.indexOf(bytes, (byte) ':', 0, bytes.length); colon < bytes.length;
                colon = ByteScan.indexOf(bytes, (byte) ':', colon + 1, bytes.length)) {
            int last = colon - 1;
            while (last >= 0 && (bytes[last] == ' ' || bytes[last] == '\t')) {
                last--;
            }
            if (last >= 0 && nameEndsAt(bytes, last)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a credential header name ends with the byte at {@code last}. */
    private static boolean nameEndsAt(byte[] bytes, int last) {
        return endsWith(bytes, last, AUTHORIZATION) || endsWith(bytes, last, COOKIE)
                || endsWith(bytes, last, REGISTRY_AUTH) || endsWith(bytes, last, REGISTRY_CONFIG);
    }

    private static boolean endsWith(byte[] bytes, int last, byte[] lowerCaseName) {
        int start = last + 1 - lowerCaseName.length;
        return start >= 0 && regionMatchesLowerCase(bytes, start, lowerCaseName);
    }

    /** The offset just after a credential header name starting at {@code at}, or -1. */
    private static int credentialNameEndingAt(byte[] bytes, int at) {
        int first = bytes[at] | 0x20;
        if (first == 'a' && regionMatchesLowerCase(bytes, at, AUTHORIZATION)) {
            return at + AUTHORIZATION.length;
        }
        if (first == 'c' && regionMatchesLowerCase(bytes, at, COOKIE)) {
            return at + COOKIE.length;
        }
        if (first == 'x') {
            if (regionMatchesLowerCase(bytes, at, REGISTRY_AUTH)) {
                return at + REGISTRY_AUTH.length;
            }
            if (regionMatchesLowerCase(bytes, at, REGISTRY_CONFIG)) {
                return at + REGISTRY_CONFIG.length;
            }
        }
        return -1;
    }

    private static boolean regionMatchesLowerCase(byte[] bytes, int at, byte[] lowerCase) {
        if (at + lowerCase.length > bytes.length) {
            return false;
        }
        for (int k = 0; k < lowerCase.length; k++) {
            int b = bytes[at + k];
            if (b >= 'A' && b <= 'Z') {
                b |= 0x20;
            }
            if (b != lowerCase[k]) {
                return false;
            }
        }
        return true;
    }

    private static int skipBlanks(byte[] bytes, int at) {
        while (at < bytes.length && (bytes[at] == ' ' || bytes[at] == '\t')) {
            at++;
        }
        return at;
    }

    private static int lineEnd(byte[] bytes, int at) {
        while (at < bytes.length && bytes[at] != '\r' && bytes[at] != '\n') {
            at++;
        }
        return at;
    }

    /** Past any continuation lines (a line break followed by a blank) that belong to the value ending at {@code at}. */
    private static int skipFoldedLines(byte[] bytes, int at) {
        while (true) {
            int next = at;
            if (next < bytes.length && bytes[next] == '\r') {
                next++;
            }
            if (next < bytes.length && bytes[next] == '\n') {
                next++;
            } else {
                return at;
            }
            if (next < bytes.length && (bytes[next] == ' ' || bytes[next] == '\t')) {
                at = lineEnd(bytes, next);
            } else {
                return at;
            }
        }
    }

    private static boolean isMark(byte[] bytes, int from, int to) {
        if (to - from != MARK_BYTES.length) {
            return false;
        }
        for (int k = 0; k < MARK_BYTES.length; k++) {
            if (bytes[from + k] != MARK_BYTES[k]) {
                return false;
            }
        }
        return true;
    }
}
