package dev.udsotel.core.conversation;

import java.util.Arrays;

/**
 * Accumulates one direction of an exchange: counts every byte, keeps at most the first {@code limit}.
 *
 * <p>Most directions are one message that fits: its payload array then becomes the captured prefix as it is,
 * uncopied (events own their payload copies and nothing writes to them). A second message, or a cut, copies.
 */
final class CaptureBuffer {
    private static final byte[] NONE = new byte[0];

    private final int limit;
    private byte[] bytes = NONE;
    private int size;
    private long total;
    /** Whether {@code bytes} is an event's payload or was handed out, so it must be copied before writing. */
    private boolean shared;
    /** An earlier message was copied only in part: what follows would not continue the prefix. */
    private boolean cut;

    CaptureBuffer(int limit) {
        this.limit = limit;
    }

    void append(byte[] payload, long byteCount) {
        total += byteCount;
        if (cut) {
            return;
        }
        cut = payload.length < byteCount;
        int room = limit - size;
        int take = Math.min(room, payload.length);
        if (take <= 0) {
            return;
        }
        if (size == 0 && take == payload.length) {
            bytes = payload;
            size = take;
            shared = true;
            return;
        }
        if (shared || bytes.length < size + take) {
            bytes = Arrays.copyOf(bytes, Math.min(limit, Math.max(size + take, bytes.length * 2)));
            shared = false;
        }
        System.arraycopy(payload, 0, bytes, size, take);
        size += take;
    }

    long total() {
        return total;
    }

    Captured toCaptured() {
        if (total == 0) {
            return Captured.EMPTY;
        }
        if (size == bytes.length) {
            shared = true;
            return new Captured(total, bytes);
        }
        return new Captured(total, Arrays.copyOf(bytes, size));
    }
}
