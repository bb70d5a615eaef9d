package dev.udsotel.core.protocol.http;

/** The request methods of RFC 9110 and RFC 5789 (PATCH): the ones OpenTelemetry calls known. */
final class HttpMethods {
    private static final String[] KNOWN = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};
    private static final byte[][] SPELLED = spelled();
    static final int LONGEST = 7;

    private HttpMethods() {}

    /** The known method the bytes from {@code from} to {@code to} spell, as a constant, or null. */
    static String known(byte[] bytes, int from, int to) {
        for (int m = 0; m < KNOWN.length; m++) {
            if (SPELLED[m].length == to - from && java.util.Arrays.equals(SPELLED[m], 0, to - from, bytes, from, to)) {
                return KNOWN[m];
            }
        }
        return null;
    }

    private static byte[][] spelled() {
        byte[][] all = new byte[KNOWN.length][];
        for (int m = 0; m < KNOWN.length; m++) {
            all[m] = KNOWN[m].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        return all;
    }
}
