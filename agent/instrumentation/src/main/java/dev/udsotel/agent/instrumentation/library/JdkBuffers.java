package dev.udsotel.agent.instrumentation.library;

import java.nio.ByteBuffer;

/** Copies the first bytes of a JDK buffer a library hands over, without moving a position. */
public final class JdkBuffers {
    private JdkBuffers() {}

    /** Copies up to {@code into.length} bytes from {@code index} of a byte array or ByteBuffer; answers how many. */
    public static int copy(Object buffer, long index, byte[] into) {
        if (buffer instanceof byte[] array) {
            int take = (int) Math.max(0, Math.min(into.length, array.length - index));
            System.arraycopy(array, (int) index, into, 0, take);
            return take;
        }
        if (buffer instanceof ByteBuffer byteBuffer) {
            int take = (int) Math.max(0, Math.min(into.length, byteBuffer.limit() - index));
            byteBuffer.get((int) index, into, 0, take);
            return take;
        }
        return 0;
    }
}
