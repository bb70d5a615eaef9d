package dev.udsotel.core.protocol.redis;

import dev.udsotel.core.payload.PayloadText;

/**
 * The type of the first reply in a response prefix, named after its RESP2/RESP3 type byte, and for errors the
 * error code: the first word of the message, such as {@code ERR} or {@code WRONGTYPE}.
 *
 * @param type such as {@code status}, {@code error}, {@code bulk}, or null when the prefix shows no reply
 * @param errorCode null unless the reply is an error whose first word is visible
 */
record RespReply(String type, String errorCode) {
    private static final int LONGEST_ERROR_CODE = 32;
    private static final RespReply NONE = new RespReply(null, null);

    boolean isError() {
        return "error".equals(type) || "blob_error".equals(type);
    }

    static RespReply first(byte[] bytes) {
        if (bytes.length == 0) {
            return NONE;
        }
        return switch (bytes[0]) {
            case '+' -> new RespReply("status", null);
            case '-' -> new RespReply("error", errorCode(bytes, 1));
            case ':' -> new RespReply("integer", null);
            case '$' -> new RespReply(isNullLength(bytes) ? "null" : "bulk", null);
            case '*' -> new RespReply(isNullLength(bytes) ? "null" : "array", null);
            case '_' -> new RespReply("null", null);
            case ',' -> new RespReply("double", null);
            case '#' -> new RespReply("boolean", null);
            case '!' -> new RespReply("blob_error", errorCode(bytes, afterLine(bytes)));
            case '=' -> new RespReply("verbatim", null);
            case '(' -> new RespReply("big_number", null);
            case '%' -> new RespReply("map", null);
            case '~' -> new RespReply("set", null);
            case '>' -> new RespReply("push", null);
            case '|' -> new RespReply("attribute", null);
            default -> NONE;
        };
    }

    /** RESP2's null bulk string and null array: {@code $-1} and {@code *-1}. */
    private static boolean isNullLength(byte[] bytes) {
        return bytes.length >= 3 && bytes[1] == '-' && bytes[2] == '1';
    }

    private static int afterLine(byte[] bytes) {
        for (int i = 0; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i + 2;
            }
        }
        return bytes.length;
    }

    /** The first word from {@code at}, when it ends before the prefix does; null otherwise. */
    private static String errorCode(byte[] bytes, int at) {
        int end = at;
        while (end < bytes.length
                && end - at <= LONGEST_ERROR_CODE
                && bytes[end] != ' '
                && bytes[end] != '\r'
                && bytes[end] != '\n') {
            end++;
        }
        if (end == at || end >= bytes.length || end - at > LONGEST_ERROR_CODE) {
            return null;
        }
        return PayloadText.render(bytes, at, end - at);
    }
}
