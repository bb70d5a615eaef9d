package dev.udsotel.core.protocol.fuzz;

/**
 * An independent check, written apart from {@code TextSecrets}: after every credential header name
 * ({@code ...authorization}, {@code ...cookie}, {@code x-registry-auth}, {@code x-registry-config}), optional
 * blanks and a colon comes nothing, or {@code [REDACTED]}.
 */
final class CredentialHeaders {
    private static final String[] NAMES = {"authorization", "cookie", "x-registry-auth", "x-registry-config"};

    private CredentialHeaders() {}

    static boolean noValueIn(byte[] bytes) {
        for (int at = 0; at < bytes.length; at++) {
            for (String name : NAMES) {
                int nameEnd = endOfName(bytes, at, name);
                if (nameEnd < 0) {
                    continue;
                }
                int i = skipBlanks(bytes, nameEnd);
                if (i < bytes.length && bytes[i] == ':') {
                    i = skipBlanks(bytes, i + 1);
                    boolean empty = i == bytes.length || bytes[i] == '\r' || bytes[i] == '\n';
                    if (!empty && endOfName(bytes, i, "[redacted]") < 0) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static int endOfName(byte[] bytes, int at, String lowerCase) {
        if (at + lowerCase.length() > bytes.length) {
            return -1;
        }
        for (int k = 0; k < lowerCase.length(); k++) {
            int b = bytes[at + k];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lowerCase.charAt(k)) {
                return -1;
            }
        }
        return at + lowerCase.length();
    }

    private static int skipBlanks(byte[] bytes, int at) {
        while (at < bytes.length && (bytes[at] == ' ' || bytes[at] == '\t')) {
            at++;
        }
        return at;
    }
}
