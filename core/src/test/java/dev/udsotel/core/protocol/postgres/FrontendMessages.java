package dev.udsotel.core.protocol.postgres;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds frontend messages as the protocol documentation lays them out. */
public final class FrontendMessages {
    private FrontendMessages() {}

    public static byte[] query(String sql) {
        return typed('Q', cstring(sql));
    }

    public static byte[] parse(String statement, String sql) {
        return typed('P', concat(cstring(statement), cstring(sql), new byte[] {0, 0}));
    }

    public static byte[] password(String password) {
        return typed('p', cstring(password));
    }

    /** A protocol 3.0 start-up packet with the given name and value pairs. */
    public static byte[] startup(String... namesAndValues) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 3, 0, 0});
        for (String part : namesAndValues) {
            body.writeBytes(cstring(part));
        }
        body.write(0);
        byte[] content = body.toByteArray();
        return concat(int32(content.length + 4), content);
    }

    public static byte[] typed(char type, byte[] content) {
        return concat(new byte[] {(byte) type}, int32(content.length + 4), content);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] cstring(String text) {
        return concat(text.getBytes(StandardCharsets.UTF_8), new byte[] {0});
    }

    private static byte[] int32(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }
}
