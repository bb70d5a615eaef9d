package dev.udsotel.core.protocol.http2;

import dev.udsotel.core.event.Pieces;
import java.util.Arrays;

/**
 * What a source captures of one direction of an HTTP/2 connection, call after call, following its framing (frames
 * split across calls included): the preface and every frame header; HEADERS, CONTINUATION and PUSH_PROMISE payloads
 * up to {@link #HEADER_FRAME_BOUND} each, so header blocks arrive whole; control frames up to
 * {@link #OTHER_FRAME_BOUND}; DATA only within the caller's preview budget. A header frame longer than the bound is
 * captured in part and counted ({@link #cutHeaderFrames()}); the decoder then treats its block as cut short and its
 * HPACK table as partly unknown. The result is a prefix plus {@link Pieces}, read with two passes over the call's
 * bytes (the first reads only frame headers), so nothing but the copy itself is allocated per call. Used by one
 * thread at a time.
 */
public final class FrameCapture {
    /** Header-frame payload bytes kept per frame: the default SETTINGS_MAX_FRAME_SIZE, a whole frame of most peers. */
    public static final int HEADER_FRAME_BOUND = 16_384;
    /** Enough for SETTINGS, PING, WINDOW_UPDATE, RST_STREAM, PRIORITY and GOAWAY's codes. */
    static final int OTHER_FRAME_BOUND = 64;
    /**
     * Captured runs and bytes per call, bounding memory; past them the call's later bytes are not captured and the
     * decoder loses this direction's framing until it can pick it up again.
     */
    static final int MOST_RUNS = 4096;

    static final int MOST_BYTES = 1 << 20;

    /** Where a call's bytes are read: absolute reads that leave the application's buffers alone. */
    @FunctionalInterface
    public interface Source {
        /** Copies {@code count} bytes of the call from {@code offset} into {@code into} at {@code at}; how many. */
        int read(long offset, byte[] into, int at, int count);
    }

    /** A call's capture: its contiguous prefix and what was captured after it. */
    public record Captured(byte[] prefix, Pieces pieces) {}

    private final byte[] header = new byte[Frame.HEADER_LENGTH];
    private int prefaceLeft;
    private int headerFill;
    private long payloadLeft;
    private long keepLeft;
    private boolean data;
    private boolean headerBlock;
    /** The current frame is a header frame already counted as cut. */
    private boolean counted;

    private boolean lost;
    private long cutHeaderFrames;

    private long[] starts = new long[16];
    private int[] lengths = new int[16];
    private int runs;
    private int runBytes;
    private int dataTaken;
    private long frameStart;

    /** @param preface whether this is the client's direction from its first byte, the preface */
    public FrameCapture(boolean preface) {
        this.prefaceLeft = preface ? Http2Preface.LENGTH : 0;
    }

    /** Header frames captured in part so far: longer than the bound, or past the runs one call may hold. */
    public long cutHeaderFrames() {
        return cutHeaderFrames;
    }

    /** Whether this direction's framing was lost (a short read of the source): the caller captures a prefix again. */
    public boolean lost() {
        return lost;
    }

    /** DATA payload bytes the last {@link #capture} kept, to be charged to the preview budget. */
    public int dataTaken() {
        return dataTaken;
    }

    /**
     * Captures one call of {@code byteCount} bytes, with {@code dataBudget} bytes of DATA payload at most; null when
     * the framing is or gets lost.
     */
    public Captured capture(Source source, long byteCount, int dataBudget) {
        if (lost) {
            return null;
        }
        plan(source, byteCount, dataBudget);
        if (lost) {
            return null;
        }
        return copy(source);
    }

    /** Follows a call that is not recorded (shed, or no room to queue it): its frames still move the framing on. */
    public void skip(Source source, long byteCount) {
        if (!lost) {
            plan(source, byteCount, 0);
        }
    }

    private void plan(Source source, long byteCount, int dataBudget) {
        runs = 0;
        runBytes = 0;
        dataTaken = 0;
        frameStart = -1;
        long at = 0;
        int budget = Math.max(0, dataBudget);
        while (at < byteCount) {
            if (prefaceLeft > 0) {
                int take = (int) Math.min(prefaceLeft, byteCount - at);
                add(at, take);
                prefaceLeft -= take;
                at += take;
            } else if (headerFill < Frame.HEADER_LENGTH) {
                if (headerFill == 0 && frameStart < 0) {
                    frameStart = at;
                }
                int take = (int) Math.min(Frame.HEADER_LENGTH - headerFill, byteCount - at);
                if (source.read(at, header, headerFill, take) != take) {
                    lost = true;
                    return;
                }
                add(at, take);
                headerFill += take;
                at += take;
                if (headerFill == Frame.HEADER_LENGTH) {
                    startFrame();
                }
            } else {
                long take = Math.min(payloadLeft, byteCount - at);
                long keep = Math.min(keepLeft, take);
                if (data) {
                    keep = Math.min(keep, budget - dataTaken);
                }
                if (keep > 0) {
                    add(at, (int) keep);
                    if (data) {
                        dataTaken += (int) keep;
                    }
                }
                // once a byte of a payload goes uncaptured, the decoder keeps none after it
                keepLeft = keep < take ? 0 : keepLeft - keep;
                payloadLeft -= take;
                at += take;
                if (payloadLeft == 0) {
                    headerFill = 0;
                }
            }
        }
    }

    private void startFrame() {
        int length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
        int type = header[3] & 0xff;
        headerBlock = type == Frame.HEADERS || type == Frame.CONTINUATION || type == Frame.PUSH_PROMISE;
        data = type == Frame.DATA;
        payloadLeft = length;
        keepLeft = headerBlock
                ? Math.min(length, HEADER_FRAME_BOUND)
                : data ? length : Math.min(length, OTHER_FRAME_BOUND);
        counted = headerBlock && length > HEADER_FRAME_BOUND;
        if (counted) {
            cutHeaderFrames++;
        }
        if (length == 0) {
            headerFill = 0;
        }
    }

    /** A run of captured bytes, joined to the last one when they touch. */
    private void add(long start, int length) {
        boolean joins = runs > 0 && starts[runs - 1] + lengths[runs - 1] == start;
        if (runBytes + length > MOST_BYTES || (!joins && runs == MOST_RUNS)) {
            if (headerFill == Frame.HEADER_LENGTH && headerBlock && !counted) {
                counted = true;
                cutHeaderFrames++;
            }
            return; // the decoder meets an uncaptured frame header and loses this direction's framing
        }
        runBytes += length;
        if (joins) {
            lengths[runs - 1] += length;
            return;
        }
        if (runs == starts.length) {
            starts = Arrays.copyOf(starts, runs * 2);
            lengths = Arrays.copyOf(lengths, runs * 2);
        }
        starts[runs] = start;
        lengths[runs] = length;
        runs++;
    }

    private Captured copy(Source source) {
        int first = runs > 0 && starts[0] == 0 ? 1 : 0;
        byte[] prefix = new byte[first == 1 ? lengths[0] : 0];
        if (source.read(0, prefix, 0, prefix.length) != prefix.length) {
            lost = true;
            return null;
        }
        long[] offsets = Arrays.copyOfRange(starts, first, runs);
        int[] sizes = Arrays.copyOfRange(lengths, first, runs);
        byte[] bytes = new byte[runBytes - prefix.length];
        int filled = 0;
        for (int i = 0; i < sizes.length; i++) {
            if (source.read(offsets[i], bytes, filled, sizes[i]) != sizes[i]) {
                lost = true;
                return null;
            }
            filled += sizes[i];
        }
        return new Captured(prefix, new Pieces(offsets, sizes, bytes, frameStart));
    }
}
