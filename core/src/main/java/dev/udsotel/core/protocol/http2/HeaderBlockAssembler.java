package dev.udsotel.core.protocol.http2;

import java.io.ByteArrayOutputStream;

/**
 * Joins a HEADERS or PUSH_PROMISE frame's fragment with the CONTINUATION frames that follow it (RFC 9113, 6.10),
 * stripping padding and priority fields, bounded in size.
 */
final class HeaderBlockAssembler {
    static final int MOST_BLOCK_BYTES = 256 * 1024;

    private final ByteArrayOutputStream block = new ByteArrayOutputStream();
    private int streamId = -1;
    private int type;
    private boolean endStream;
    private boolean cut;

    boolean inProgress() {
        return streamId >= 0;
    }

    int streamId() {
        return streamId;
    }

    int type() {
        return type;
    }

    boolean endStream() {
        return endStream;
    }

    boolean cut() {
        return cut;
    }

    byte[] bytes() {
        return block.toByteArray();
    }

    /** Starts a block with a HEADERS or PUSH_PROMISE frame; true when the block is already whole. */
    boolean start(Frame frame) {
        block.reset();
        streamId = frame.streamId();
        type = frame.type();
        endStream = frame.type() == Frame.HEADERS && frame.has(Frame.END_STREAM);
        cut = false;
        int skip = 0;
        int padding = 0;
        if (frame.has(Frame.PADDED)) {
            padding = frame.payload().length > 0 ? frame.payload()[0] & 0xff : 0;
            skip = 1;
        }
        if (frame.type() == Frame.HEADERS && frame.has(Frame.PRIORITY_FLAG)) {
            skip += 5;
        }
        if (frame.type() == Frame.PUSH_PROMISE) {
            skip += 4;
        }
        append(frame, skip, padding);
        return frame.has(Frame.END_HEADERS);
    }

    /** Adds a CONTINUATION frame's fragment; true when the block is now whole. */
    boolean continueWith(Frame frame) {
        append(frame, 0, 0);
        return frame.has(Frame.END_HEADERS);
    }

    /** The block was interrupted or abandoned. */
    void cutShort() {
        cut = true;
    }

    void clear() {
        streamId = -1;
        block.reset();
    }

    private void append(Frame frame, int skip, int padding) {
        if (cut) {
            return; // what follows a missing piece cannot be decoded
        }
        int fragmentEnd = frame.length() - padding;
        if ((frame.has(Frame.PADDED) && frame.payload().length == 0) || fragmentEnd < skip) {
            cut = true;
            return;
        }
        int capturedEnd = Math.min(fragmentEnd, frame.payload().length);
        if (capturedEnd < fragmentEnd) {
            cut = true;
        }
        int take = Math.max(0, capturedEnd - skip);
        if (block.size() + take > MOST_BLOCK_BYTES) {
            take = Math.max(0, MOST_BLOCK_BYTES - block.size());
            cut = true;
        }
        if (take > 0) {
            block.write(frame.payload(), skip, take);
        }
    }
}
