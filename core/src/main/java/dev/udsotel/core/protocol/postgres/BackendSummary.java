package dev.udsotel.core.protocol.postgres;

/**
 * What a response prefix says about the outcome: the first authentication request, the first error's SQLSTATE,
 * the first command tag, and for an SSL or GSS encryption request the server's one-byte answer.
 *
 * @param authentication such as {@code md5_password} or {@code ok}, or null when no authentication request is visible
 * @param error whether an ErrorResponse is visible
 * @param sqlState the error's SQLSTATE ({@code 28P01}), or null when not visible
 * @param commandTag the first CommandComplete tag ({@code SELECT 1}), or null
 * @param encryptionAccepted for an encryption request: whether the server agreed, or null when not visible
 */
record BackendSummary(
        String authentication, boolean error, String sqlState, String commandTag, Boolean encryptionAccepted) {
    static final int AUTH_OK = 0;
    static final int AUTH_SASL_FINAL = 12;
    private static final int SQLSTATE_LENGTH = 5;

    /** The longest authentication request: SASL mechanism lists and GSS tokens stay well below this. */
    private static final int MAX_AUTHENTICATION_LENGTH = 65_535 + 8;

    /** Whether {@code bytes} starts with a well-formed authentication request (message type {@code 'R'}). */
    static boolean startsWithAuthentication(byte[] bytes) {
        if (bytes.length < 9 || bytes[0] != 'R') {
            return false;
        }
        int length = Wire.int32(bytes, 1);
        int code = Wire.int32(bytes, 5);
        return switch (code) {
            case AUTH_OK, 2, 3, 7, 9 -> length == 8;
            case 5 -> length == 12;
            case 8, 10, 11, AUTH_SASL_FINAL -> length > 8 && length <= MAX_AUTHENTICATION_LENGTH;
            default -> false;
        };
    }

    /** Reads the typed backend messages of {@code bytes}. */
    static BackendSummary read(byte[] bytes) {
        String authentication = null;
        boolean error = false;
        String sqlState = null;
        String commandTag = null;
        int at = 0;
        while (at + 5 <= bytes.length) {
            int length = Wire.int32(bytes, at + 1);
            if (length < 4 || length > Wire.MAX_LENGTH) {
                break;
            }
            int body = at + 5;
            long end = (long) at + 1 + length;
            switch (bytes[at]) {
                case 'R' -> {
                    if (authentication == null && body + 4 <= Math.min(end, bytes.length)) {
                        authentication = authenticationName(Wire.int32(bytes, body));
                    }
                }
                case 'E' -> {
                    if (!error) {
                        error = true;
                        sqlState = sqlState(bytes, body, end);
                    }
                }
                case 'C' -> {
                    if (commandTag == null) {
                        int tagEnd = Wire.textEnd(bytes, body, end, Wire.Text.NAME);
                        if (tagEnd >= 0) {
                            commandTag =
                                    new String(bytes, body, tagEnd - body, java.nio.charset.StandardCharsets.UTF_8);
                        }
                    }
                }
                default -> {}
            }
            if (end > bytes.length) {
                break;
            }
            at = (int) end;
        }
        return new BackendSummary(authentication, error, sqlState, commandTag, null);
    }

    /** The answer to SSLRequest or GSSENCRequest: {@code S} or {@code G} to go ahead, {@code N} to refuse. */
    static BackendSummary encryptionAnswer(byte[] bytes) {
        Boolean accepted = null;
        if (bytes.length > 0) {
            accepted = bytes[0] == 'S' || bytes[0] == 'G' ? Boolean.TRUE : bytes[0] == 'N' ? Boolean.FALSE : null;
        }
        if (accepted == null && bytes.length > 0 && bytes[0] == 'E') {
            BackendSummary failure = read(bytes);
            return new BackendSummary(null, failure.error(), failure.sqlState(), null, null);
        }
        return new BackendSummary(null, false, null, null, accepted);
    }

    /** The code field ('C') of an ErrorResponse, when fully visible. */
    private static String sqlState(byte[] bytes, int body, long end) {
        int at = body;
        while (at < Math.min(end, bytes.length)) {
            byte field = bytes[at];
            if (field == 0) {
                return null;
            }
            int valueEnd = Wire.textEnd(bytes, at + 1, end, Wire.Text.SQL);
            if (valueEnd < 0) {
                return null;
            }
            if (field == 'C') {
                return valueEnd - at - 1 == SQLSTATE_LENGTH && isSqlState(bytes, at + 1)
                        ? new String(bytes, at + 1, SQLSTATE_LENGTH, java.nio.charset.StandardCharsets.US_ASCII)
                        : null;
            }
            at = valueEnd + 1;
        }
        return null;
    }

    private static boolean isSqlState(byte[] bytes, int at) {
        for (int i = at; i < at + SQLSTATE_LENGTH; i++) {
            byte b = bytes[i];
            if (!((b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z'))) {
                return false;
            }
        }
        return true;
    }

    private static String authenticationName(int code) {
        return switch (code) {
            case AUTH_OK -> "ok";
            case 2 -> "kerberos_v5";
            case 3 -> "cleartext_password";
            case 5 -> "md5_password";
            case 7 -> "gss";
            case 8 -> "gss_continue";
            case 9 -> "sspi";
            case 10 -> "sasl";
            case 11 -> "sasl_continue";
            case AUTH_SASL_FINAL -> "sasl_final";
            default -> "unknown";
        };
    }

    /** The number of rows a {@code SELECT n} or {@code FETCH n} tag reports, or -1. */
    long returnedRows() {
        if (commandTag == null) {
            return -1;
        }
        String count;
        if (commandTag.startsWith("SELECT ")) {
            count = commandTag.substring(7);
        } else if (commandTag.startsWith("FETCH ")) {
            count = commandTag.substring(6);
        } else {
            return -1;
        }
        if (count.isEmpty() || count.length() > 18 || !count.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(count);
    }
}
