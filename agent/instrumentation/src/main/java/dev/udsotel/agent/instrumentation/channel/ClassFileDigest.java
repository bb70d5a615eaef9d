package dev.udsotel.agent.instrumentation.channel;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A digest of a class file that ignores the order of its methods. On retransformation the JVM hands over a class file
 * rebuilt from the loaded class, and JDK 17 lists the methods of a class from the CDS archive in an order that changes
 * from run to run; everything else comes out the same. A class file that cannot be parsed is digested as it is.
 */
final class ClassFileDigest {
    private ClassFileDigest() {}

    static byte[] of(byte[] classFile) {
        try {
            return canonical(classFile);
        } catch (RuntimeException malformed) {
            return ClassFileCache.sha256().digest(classFile);
        }
    }

    private static byte[] canonical(byte[] classFile) {
        MessageDigest sha = ClassFileCache.sha256();
        ByteBuffer in = ByteBuffer.wrap(classFile);
        in.position(8);
        int constants = Short.toUnsignedInt(in.getShort());
        for (int i = 1; i < constants; i++) {
            int tag = in.get();
            switch (tag) {
                case 1 -> skip(in, Short.toUnsignedInt(in.getShort()));
                case 3, 4, 9, 10, 11, 12, 17, 18 -> skip(in, 4);
                case 5, 6 -> { skip(in, 8); i++; }
                case 7, 8, 16, 19, 20 -> skip(in, 2);
                case 15 -> skip(in, 3);
                default -> throw new IllegalArgumentException("constant tag " + tag);
            }
        }
        skip(in, 6);
        skip(in, 2 * Short.toUnsignedInt(in.getShort()));
        skipMembers(in);
        int methodsStart = in.position();
        sha.update(classFile, 0, methodsStart);
        int methods = Short.toUnsignedInt(in.getShort());
        List<String> methodDigests = new ArrayList<>(methods);
        for (int i = 0; i < methods; i++) {
            int start = in.position();
            skipMember(in);
            MessageDigest one = ClassFileCache.sha256();
            one.update(classFile, start, in.position() - start);
            methodDigests.add(HexFormat.of().formatHex(one.digest()));
        }
        methodDigests.sort(null);
        methodDigests.forEach(digest -> sha.update(HexFormat.of().parseHex(digest)));
        sha.update(classFile, in.position(), classFile.length - in.position());
        return sha.digest();
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

    /** Moves past {@code bytes} bytes; evaluated after a length has been read, unlike position() + getInt(). */
    private static void skip(ByteBuffer in, int bytes) {
        in.position(in.position() + bytes);
    }
}
