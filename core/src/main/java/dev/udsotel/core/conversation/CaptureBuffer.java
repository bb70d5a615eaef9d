package dev.udsotel.core.conversation;

import java.util.Arrays;

/** Accumulates one direction of an exchange: counts every byte, keeps at most the first {@code limit}. */
final class CaptureBuffer {
    private final int limit;
    private byte[] bytes = new byte[0];
    private int size;
    private long total;

    CaptureBuffer(int limit) {
        this.limit = limit;
    }

    void append(byte[] payload, long byteCount) {
        total += byteCount;
        int room = limit - size;
        int take = Math.min(room, payload.length);
        if (take <= 0) {
            return;
        }
        if (bytes.length < size + take) {
            bytes = Arrays.copyOf(bytes, Math.min(limit, Math.max(size + take, bytes.length * 2)));
        }
        System.arraycopy(payload, 0, bytes, size, take);
        size += take;
    }

    long total() {
        return total;
    }

    Captured toCaptured() {
        return total == 0 ? Captured.EMPTY : new Captured(total, Arrays.copyOf(bytes, size));
    }
}
