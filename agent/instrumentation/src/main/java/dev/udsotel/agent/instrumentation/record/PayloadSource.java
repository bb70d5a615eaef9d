package dev.udsotel.agent.instrumentation.record;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Where the bytes of one call lie once it returned, and how to copy the first of them (or any range of them)
 * without disturbing the application: absolute gets leave buffer positions alone, positional reads leave the file's position alone.
 */
enum PayloadSource {
    /** One buffer; the bytes moved lie just before its position. */
    BUFFER {
        @Override
        byte[] copy(Object source, long at, Object unused, long bytes, int take) {
            ByteBuffer buffer = (ByteBuffer) source;
            byte[] copy = new byte[take];
            buffer.get(buffer.position() - (int) bytes, copy, 0, take);
            return copy;
        }

        @Override
        int read(Object source, long at, Object unused, long bytes, long from, byte[] into, int intoAt, int count) {
            ByteBuffer buffer = (ByteBuffer) source;
            buffer.get(buffer.position() - (int) bytes + (int) from, into, intoAt, count);
            return count;
        }
    },
    /** A library's own buffer from index {@code at}, copied by its {@link BufferCopier}; null when none is at hand. */
    LIBRARY {
        @Override
        byte[] copy(Object source, long at, Object copier, long bytes, int take) {
            if (source == null) {
                return new byte[0];
            }
            byte[] copy = new byte[take];
            int copied = ((BufferCopier) copier).copy(source, at, copy);
            return copied == take ? copy : Arrays.copyOf(copy, Math.max(copied, 0));
        }

        @Override
        int read(Object source, long at, Object copier, long bytes, long from, byte[] into, int intoAt, int count) {
            if (source == null) {
                return 0;
            }
            if (intoAt == 0 && count == into.length) {
                return ((BufferCopier) copier).copy(source, at + from, into);
            }
            byte[] part = new byte[count];
            int copied = ((BufferCopier) copier).copy(source, at + from, part);
            System.arraycopy(part, 0, into, intoAt, Math.max(0, Math.min(copied, count)));
            return copied;
        }
    },
    /** A buffer array from index {@code at}; {@code positions} were taken before the call. */
    BUFFERS {
        @Override
        byte[] copy(Object source, long at, Object positions, long bytes, int take) {
            ByteBuffer[] buffers = (ByteBuffer[]) source;
            int[] before = (int[]) positions;
            byte[] copy = new byte[take];
            int filled = 0;
            for (int i = 0; i < before.length && filled < take; i++) {
                ByteBuffer b = buffers[(int) at + i];
                int moved = Math.min(b.position() - before[i], take - filled);
                if (moved > 0) {
                    b.get(before[i], copy, filled, moved);
                    filled += moved;
                }
            }
            return filled == take ? copy : Arrays.copyOf(copy, filled);
        }

        @Override
        int read(Object source, long at, Object positions, long bytes, long from, byte[] into, int intoAt, int count) {
            ByteBuffer[] buffers = (ByteBuffer[]) source;
            int[] before = (int[]) positions;
            long skip = from;
            int filled = 0;
            for (int i = 0; i < before.length && filled < count; i++) {
                ByteBuffer b = buffers[(int) at + i];
                int moved = b.position() - before[i];
                if (skip >= moved) {
                    skip -= moved;
                    continue;
                }
                int n = (int) Math.min(moved - skip, count - filled);
                b.get(before[i] + (int) skip, into, intoAt + filled, n);
                filled += n;
                skip = 0;
            }
            return filled;
        }
    },
    /** A byte array from offset {@code at}. */
    ARRAY {
        @Override
        byte[] copy(Object source, long at, Object unused, long bytes, int take) {
            byte[] copy = new byte[take];
            System.arraycopy((byte[]) source, (int) at, copy, 0, take);
            return copy;
        }

        @Override
        int read(Object source, long at, Object unused, long bytes, long from, byte[] into, int intoAt, int count) {
            System.arraycopy((byte[]) source, (int) (at + from), into, intoAt, count);
            return count;
        }
    },
    /** A file from position {@code at} (sendfile). */
    FILE {
        @Override
        byte[] copy(Object source, long at, Object unused, long bytes, int take) {
            ByteBuffer into = ByteBuffer.allocate(take);
            try {
                while (into.hasRemaining() && ((FileChannel) source).read(into, at + into.position()) > 0) {
                    // keep reading until the preview is full or the file ends
                }
            } catch (Exception e) {
                // the bytes are still counted; only the preview is lost
            }
            return Arrays.copyOf(into.array(), into.position());
        }

        @Override
        int read(Object source, long at, Object unused, long bytes, long from, byte[] into, int intoAt, int count) {
            ByteBuffer buffer = ByteBuffer.wrap(into, intoAt, count);
            try {
                while (buffer.hasRemaining()
                        && ((FileChannel) source).read(buffer, at + from + buffer.position() - intoAt) > 0) {
                    // until the range is read or the file ends
                }
            } catch (Exception e) {
                // a short read: the caller treats the range as not captured
            }
            return buffer.position() - intoAt;
        }
    };

    abstract byte[] copy(Object source, long at, Object extra, long bytes, int take);

    /**
     * Copies {@code count} of the call's bytes from {@code from} on into {@code into} at {@code intoAt}, for capture
     * that follows a protocol's framing; answers how many were copied.
     */
    abstract int read(Object source, long at, Object extra, long bytes, long from, byte[] into, int intoAt, int count);
}
