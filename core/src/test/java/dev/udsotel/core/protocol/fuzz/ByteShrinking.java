package dev.udsotel.core.protocol.fuzz;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** Smaller byte arrays for shrinking: the array with one run of bytes removed, long runs first. */
final class ByteShrinking {
    private ByteShrinking() {}

    static Iterator<byte[]> removals(byte[] bytes) {
        return new Iterator<>() {
            private int size = Math.max(1, bytes.length / 2);
            private int from;

            @Override
            public boolean hasNext() {
                return bytes.length > 0 && size >= 1 && from < bytes.length;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int to = Math.min(bytes.length, from + size);
                byte[] smaller = new byte[bytes.length - (to - from)];
                System.arraycopy(bytes, 0, smaller, 0, from);
                System.arraycopy(bytes, to, smaller, from, bytes.length - to);
                from += size;
                if (from >= bytes.length && size > 1) {
                    size /= 2;
                    from = 0;
                }
                return smaller;
            }
        };
    }
}
