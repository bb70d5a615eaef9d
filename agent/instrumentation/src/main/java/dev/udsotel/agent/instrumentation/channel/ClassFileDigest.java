package dev.udsotel.agent.instrumentation.channel;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * 64-bit digests (CRC-32C and CRC-32 side by side) for the class file cache. They find accidents (another JDK, another
 * build, a damaged file), which is their only job: what keeps other users out is the private directory. They need no
 * security provider, whose start-up would cost more than the rest of a warm start's instrumentation.
 */
final class ClassFileDigest {
    private final CRC32C crc32c = new CRC32C();
    private final CRC32 crc32 = new CRC32();

    ClassFileDigest update(byte[] bytes, int offset, int length) {
        crc32c.update(bytes, offset, length);
        crc32.update(bytes, offset, length);
        return this;
    }

    ClassFileDigest update(byte[] bytes) {
        return update(bytes, 0, bytes.length);
    }

    ClassFileDigest update(long value) {
        byte[] bytes = ByteBuffer.allocate(Long.BYTES).putLong(value).array();
        return update(bytes);
    }

    long value() {
        return crc32c.getValue() << 32 | crc32.getValue();
    }

    static long of(byte[] bytes) {
        return new ClassFileDigest().update(bytes).value();
    }

    /**
     * A digest of a class file that ignores the order of its methods. On retransformation the JVM hands over a class
     * file rebuilt from the loaded class, and JDK 17 lists the methods of a class from the CDS archive in an order that
     * changes from run to run; everything else comes out the same. A class file that cannot be parsed is digested as
     * it is.
     */
    static long ofClassFile(byte[] classFile) {
        try {
            return canonical(classFile);
        } catch (RuntimeException malformed) {
            return of(classFile);
        }
    }

    private static long canonical(byte[] classFile) {
        ByteBuffer in = ByteBuffer.wrap(classFile);
        in.position(8);
        int constants = Short.toUnsignedInt(in.getShort());
        for (int i = 1; i < constants; i++) {
            int tag = in.get();
            switch (tag) {
                case 1 -> skip(in, Short.toUnsignedInt(in.getShort()));
                case 3, 4, 9, 10, 11, 12, 17, 18 -> skip(in, 4);
                case 5, 6 -> {
                    skip(in, 8);
                    i++;
                }
                case 7, 8, 16, 19, 20 -> skip(in, 2);
                case 15 -> skip(in, 3);
                default -> throw new IllegalArgumentException("constant tag " + tag);
            }
        }
        skip(in, 6);
        skip(in, 2 * Short.toUnsignedInt(in.getShort()));
        skipMembers(in);
        ClassFileDigest digest = new ClassFileDigest().update(classFile, 0, in.position());
        long[] methods = new long[Short.toUnsignedInt(in.getShort())];
        for (int i = 0; i < methods.length; i++) {
            int start = in.position();
            skipMember(in);
            methods[i] = new ClassFileDigest()
                    .update(classFile, start, in.position() - start)
                    .value();
        }
        Arrays.sort(methods);
        for (long method : methods) {
            digest.update(method);
        }
        return digest.update(classFile, in.position(), classFile.length - in.position())
                .value();
    }

    private static void skipMembers(ByteBuffer in) {
        int count = Short.toUnsignedInt(in.getShort());
        for (int i = 0; i < count; i++) {
            skipMember(in);
        }
    }

    private static void skipMember(ByteBuffer in) {
        skip(in, 6);
        int attributes = Short.toUnsignedInt(in.getShort());
        for (int i = 0; i < attributes; i++) {
            skip(in, 2);
            skip(in, in.getInt());
        }
    }

    /** Moves past {@code bytes} bytes; called once a length has been read, unlike position() + getInt(). */
    private static void skip(ByteBuffer in, int bytes) {
        in.position(in.position() + bytes);
    }
}
