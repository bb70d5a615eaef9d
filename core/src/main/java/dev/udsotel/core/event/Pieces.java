package dev.udsotel.core.event;

import java.util.Arrays;

/**
 * Bytes of one call captured past its contiguous prefix ({@link IoEvent#payload()}): runs at known offsets of the
 * call, in order, apart from the prefix and from each other. What lies between them moved uncaptured. A source that
 * follows a protocol's framing captures this way (HTTP/2: every frame header and header block, a bounded start of
 * each DATA frame), so a decoder can follow the framing across a call of any size; every other consumer reads the
 * prefix alone, as before.
 *
 * @param offsets where each run starts in the call's bytes
 * @param lengths each run's length
 * @param bytes the runs' bytes, one after the other
 * @param frameStart where the first frame that begins in this call begins, by the source's framing, or -1: a decoder
 *     that lost the framing picks it up again there
 */
public record Pieces(long[] offsets, int[] lengths, byte[] bytes, long frameStart) {
    public static final Pieces NONE = new Pieces(new long[0], new int[0], new byte[0], -1);

    public Pieces {
        if (offsets.length != lengths.length) {
            throw new IllegalArgumentException(offsets.length + " offsets for " + lengths.length + " lengths");
        }
        long total = 0;
        long end = -1;
        for (int i = 0; i < offsets.length; i++) {
            if (lengths[i] <= 0 || offsets[i] <= end) {
                throw new IllegalArgumentException("piece " + i + " is empty, out of order or not apart from the last");
            }
            end = offsets[i] + lengths[i];
            total += lengths[i];
        }
        if (total != bytes.length) {
            throw new IllegalArgumentException(bytes.length + " bytes for pieces of " + total);
        }
    }

    /**
     * Whether a source that follows the framing made these (even with no runs): then no frame begins in the call
     * unless {@link #frameStart} says where. {@link #NONE} is what every other source sends.
     */
    public boolean followsFraming() {
        return this != NONE;
    }

    public int count() {
        return offsets.length;
    }

    /** Where the last piece ends in the call, or 0 without pieces. */
    public long end() {
        return offsets.length == 0 ? 0 : offsets[offsets.length - 1] + lengths[lengths.length - 1];
    }

    /** Receives the captured runs and the uncaptured stretches of a call, in order. */
    public interface Reader {
        void captured(byte[] bytes, int offset, int length);

        void uncaptured(long count);
    }

    /**
     * Walks a call of {@code byteCount} bytes whose captured prefix is {@code prefix}, then these pieces, from the
     * call's byte {@code from} on.
     */
    public void read(byte[] prefix, long byteCount, long from, Reader reader) {
        long at = run(reader, prefix, 0, 0, prefix.length, from);
        int bytesAt = 0;
        for (int i = 0; i < offsets.length; i++) {
            at = run(reader, bytes, bytesAt, offsets[i], lengths[i], at);
            bytesAt += lengths[i];
        }
        if (byteCount > at) {
            reader.uncaptured(byteCount - at);
        }
    }

    /** One captured run from {@code start}, as far as it lies at or after {@code at}; where the walk is after it. */
    private static long run(Reader reader, byte[] bytes, int bytesAt, long start, int length, long at) {
        long end = start + length;
        if (end <= at) {
            return at;
        }
        if (start > at) {
            reader.uncaptured(start - at);
            at = start;
        }
        int skip = (int) (at - start);
        reader.captured(bytes, bytesAt + skip, length - skip);
        return end;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Pieces p
                && Arrays.equals(offsets, p.offsets)
                && Arrays.equals(lengths, p.lengths)
                && Arrays.equals(bytes, p.bytes)
                && frameStart == p.frameStart;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Arrays.hashCode(offsets) + Arrays.hashCode(lengths)) + Arrays.hashCode(bytes))
                + Long.hashCode(frameStart);
    }

    @Override
    public String toString() {
        return "Pieces[" + offsets.length + " runs, " + bytes.length + " bytes, up to " + end() + "]";
    }
}
