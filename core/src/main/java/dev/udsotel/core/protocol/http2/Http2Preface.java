package dev.udsotel.core.protocol.http2;

import java.nio.charset.StandardCharsets;

/** The client connection preface (RFC 9113, 3.4) that starts every HTTP/2 connection with prior knowledge. */
public final class Http2Preface {
    static final byte[] BYTES = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    public static final int LENGTH = BYTES.length;

    private Http2Preface() {}

    /** Whether {@code bytes} start with the whole preface. */
    public static boolean startsWith(byte[] bytes) {
        if (bytes.length < LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            if (bytes[i] != BYTES[i]) {
                return false;
            }
        }
        return true;
    }
}
