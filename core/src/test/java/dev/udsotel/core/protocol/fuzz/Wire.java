package dev.udsotel.core.protocol.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds protocol bytes for the corpus: Latin-1 text, and PostgreSQL's big-endian integers and C strings. */
final class Wire {
    private Wire() {}

    static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] int32(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    static byte[] int16(int value) {
        return new byte[] {(byte) (value >>> 8), (byte) value};
    }

    static byte[] cstring(String text) {
        return concat(latin1(text), new byte[] {0});
    }

    /** A PostgreSQL message: type byte, Int32 length counting itself, content. */
    static byte[] typed(char type, byte[]... content) {
        byte[] body = concat(content);
        return concat(new byte[] {(byte) type}, int32(body.length + 4), body);
    }

    /** A message without a type byte (start-up, SSL, GSS and cancel requests). */
    static byte[] untyped(byte[]... content) {
        byte[] body = concat(content);
        return concat(int32(body.length + 4), body);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
