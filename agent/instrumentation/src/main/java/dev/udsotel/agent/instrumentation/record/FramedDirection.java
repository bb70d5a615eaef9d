package dev.udsotel.agent.instrumentation.record;

import dev.udsotel.core.protocol.http2.FrameCapture;

/**
 * One direction of an HTTP/2 channel, captured frame by frame across calls ({@link FrameCapture}): every frame header
 * and header block, DATA within the preview budget. Reads the call's bytes where its {@link PayloadSource} lies; holds
 * them only while one call is captured, by the thread moving that direction's bytes.
 */
final class FramedDirection implements FrameCapture.Source {
    private final FrameCapture frames;
    private PayloadSource source;
    private Object from;
    private long at;
    private Object extra;
    private long bytes;

    /** @param preface whether this is the client's direction, which begins with the preface */
    FramedDirection(boolean preface) {
        this.frames = new FrameCapture(preface);
    }

    /** One call's capture, or null once framing is lost (a short copy): the channel then captures prefixes again. */
    FrameCapture.Captured capture(
            PayloadSource source, Object from, long at, Object extra, long bytes, int dataBudget) {
        set(source, from, at, extra, bytes);
        try {
            return frames.capture(this, bytes, dataBudget);
        } finally {
            this.from = null; // the application's buffers are not kept past the call
            this.extra = null;
        }
    }

    /** A call that is not recorded still moves the framing on. */
    void skip(PayloadSource source, Object from, long at, Object extra, long bytes) {
        set(source, from, at, extra, bytes);
        try {
            frames.skip(this, bytes);
        } finally {
            this.from = null;
            this.extra = null;
        }
    }

    private void set(PayloadSource source, Object from, long at, Object extra, long bytes) {
        this.source = source;
        this.from = from;
        this.at = at;
        this.extra = extra;
        this.bytes = bytes;
    }

    /** DATA payload bytes the last call kept, charged to the preview budget. */
    int dataTaken() {
        return frames.dataTaken();
    }

    long cutHeaderFrames() {
        return frames.cutHeaderFrames();
    }

    @Override
    public int read(long offset, byte[] into, int intoAt, int count) {
        return count == 0 ? 0 : source.read(from, at, extra, bytes, offset, into, intoAt, count);
    }
}
