package dev.udsotel.core.redaction;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Byte ranges of one buffer that hold secrets, in increasing order, and the two ways to remove them: replaced by
 * {@value #MARK} (span previews, where the length must not tell the secret's) or overwritten in place (the
 * sidecar's per-event outputs, where lengths and framing must stay, as in a pcap).
 */
public final class SecretRanges {
    public static final String MARK = "[REDACTED]";
    private static final byte[] MARK_BYTES = MARK.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** What a secret byte becomes in place: printable, and no protocol's delimiter. */
    public static final byte FILL = '*';

    private int[] bounds = new int[8];
    private int size;

    /** Adds {@code [start, end)}; empty ranges and ranges inside the last one are ignored. */
    public void add(int start, int end) {
        if (end <= start) {
            return;
        }
        if (size > 0 && start < bounds[2 * size - 1]) {
            bounds[2 * size - 1] = Math.max(bounds[2 * size - 1], end);
            return;
        }
        if (2 * size + 2 > bounds.length) {
            bounds = Arrays.copyOf(bounds, bounds.length * 2);
        }
        bounds[2 * size] = start;
        bounds[2 * size + 1] = end;
        size++;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public void clear() {
        size = 0;
    }

    /** The bytes with every range replaced by the mark; a range that already reads the mark is left alone. */
    public Redacted replaced(byte[] bytes) {
        ByteArrayOutputStream out = null;
        int copied = 0;
        for (int k = 0; k < size; k++) {
            int start = Math.min(bounds[2 * k], bytes.length);
            int end = Math.min(bounds[2 * k + 1], bytes.length);
            if (end <= start || isMark(bytes, start, end)) {
                continue;
            }
            if (out == null) {
                out = new ByteArrayOutputStream(bytes.length + 16);
            }
            out.write(bytes, copied, start - copied);
            out.write(MARK_BYTES, 0, MARK_BYTES.length);
            copied = end;
        }
        if (out == null) {
            return Redacted.unchanged(bytes);
        }
        out.write(bytes, copied, bytes.length - copied);
        return new Redacted(out.toByteArray(), true);
    }

    /** Overwrites every range of {@code bytes} with {@link #FILL}; whether anything was overwritten. */
    public boolean fill(byte[] bytes) {
        return fill(bytes, 0);
    }

    /** Overwrites, in {@code bytes}, the ranges shifted down by {@code shift}; whether anything was overwritten. */
    public boolean fill(byte[] bytes, int shift) {
        boolean any = false;
        for (int k = 0; k < size; k++) {
            int start = Math.max(0, bounds[2 * k] - shift);
            int end = Math.min(bounds[2 * k + 1] - shift, bytes.length);
            if (end > start) {
                Arrays.fill(bytes, start, end, FILL);
                any = true;
            }
        }
        return any;
    }

    static boolean isMark(byte[] bytes, int from, int to) {
        return Arrays.equals(bytes, from, to, MARK_BYTES, 0, MARK_BYTES.length);
    }
}
