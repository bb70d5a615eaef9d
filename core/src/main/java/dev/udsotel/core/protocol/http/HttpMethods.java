package dev.udsotel.core.protocol.http;

/** The request methods of RFC 9110 and RFC 5789 (PATCH): the ones OpenTelemetry calls known. */
final class HttpMethods {
    static final int LONGEST = 7;

    private HttpMethods() {}

    /** The known method the bytes from {@code from} to {@code to} spell, as a constant, or null. */
    static String known(byte[] bytes, int from, int to) {
        if (to <= from) {
            return null;
        }
        byte first = bytes[from];
        String candidate = switch (to - from) {
            case 3 -> first == 'G' ? "GET" : first == 'P' ? "PUT" : null;
            case 4 -> first == 'H' ? "HEAD" : first == 'P' ? "POST" : null;
            case 5 -> first == 'T' ? "TRACE" : first == 'P' ? "PATCH" : null;
            case 6 -> "DELETE";
            case 7 -> first == 'C' ? "CONNECT" : "OPTIONS";
            default -> null;
        };
        return candidate != null && spelledBy(bytes, from, candidate) ? candidate : null;
    }

    private static boolean spelledBy(byte[] bytes, int from, String method) {
        for (int k = 0; k < method.length(); k++) {
            if (bytes[from + k] != method.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
