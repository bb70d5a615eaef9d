package dev.udsotel.core.protocol.http2;

import dev.udsotel.core.event.Pieces;
import dev.udsotel.core.redaction.StreamRedactor;
import java.util.Arrays;

/**
 * Redacts one direction of an HTTP/2 connection in place for per-message outputs, keeping its framing so tshark
 * still decodes the frames and their header blocks. The preface, frame headers and control frames (SETTINGS, PING,
 * WINDOW_UPDATE, RST_STREAM, PRIORITY, GOAWAY) pass; header blocks go through {@link HpackRedactor}; DATA payloads
 * (bodies, gRPC messages: binary) and padding become zeros unless the socket is opted in to raw bytes; frames of
 * unknown types become zeros. When a frame header was not captured, framing is lost: every byte becomes zero until a
 * message made of whole frames starts it again, with the HPACK table then unknown.
 */
public final class Http2StreamRedactor implements StreamRedactor {
    private enum State {
        PREFACE,
        FRAME_HEADER,
        PAYLOAD,
        LOST
    }

    private final boolean zeroData;
    private final HpackRedactor hpack = new HpackRedactor();
    private final byte[] header = new byte[Frame.HEADER_LENGTH];
    private State state;
    private int prefaceAt;
    private int headerAt;
    private int type;
    private int flags;
    private int length;
    private int at;
    /** Bytes before the content: the pad length, HEADERS' priority fields, PUSH_PROMISE's stream id. */
    private int lead;

    private int padding;

    /**
     * @param zeroData whether DATA payloads become zeros (unless the socket's raw bytes are opted in)
     * @param fromStart whether the connection is followed from its start; if not, the HPACK table is unknown
     */
    public Http2StreamRedactor(boolean zeroData, boolean fromStart) {
        this.zeroData = zeroData;
        this.state = fromStart ? State.PREFACE : State.FRAME_HEADER;
        if (!fromStart) {
            hpack.forgetTable();
        }
    }

    @Override
    public boolean redact(byte[] captured, long total) {
        if (state == State.LOST && captured.length == total && FrameShape.wholeFrames(captured)) {
            state = State.FRAME_HEADER;
            headerAt = 0;
            hpack.lost();
        }
        boolean changed = false;
        for (int i = 0; i < captured.length; i++) {
            changed |= next(captured, i);
        }
        if (total > captured.length) {
            skip(total - captured.length);
        }
        return changed;
    }

    /**
     * Only the prefix is shown and redacted in place; the pieces (frame headers and header blocks past it) keep the
     * framing and the HPACK table in step, and a lost framing is picked up again where the source says a frame begins.
     */
    @Override
    public boolean redact(byte[] captured, Pieces pieces, long total) {
        if (pieces.count() == 0 && pieces.frameStart() < 0) {
            return redact(captured, total);
        }
        long resume = state == State.LOST ? pieces.frameStart() : -1;
        boolean changed = feed(captured, 0, resume);
        long at = captured.length;
        int from = 0;
        for (int i = 0; i < pieces.count(); i++) {
            long start = pieces.offsets()[i];
            int length = pieces.lengths()[i];
            if (start > at) {
                skip(start - at);
            }
            feed(Arrays.copyOfRange(pieces.bytes(), from, from + length), start, resume); // a copy: never shown
            from += length;
            at = start + length;
        }
        if (total > at) {
            skip(total - at);
        }
        return changed;
    }

    /** Bytes at {@code start} of the message, in place. */
    private boolean feed(byte[] bytes, long start, long resume) {
        boolean changed = false;
        for (int i = 0; i < bytes.length; i++) {
            if (state == State.LOST && start + i == resume) {
                state = State.FRAME_HEADER;
                headerAt = 0;
                hpack.lost();
            }
            changed |= next(bytes, i);
        }
        return changed;
    }

    private boolean next(byte[] bytes, int i) {
        switch (state) {
            case PREFACE -> {
                if (bytes[i] == Http2Preface.BYTES[prefaceAt]) {
                    if (++prefaceAt == Http2Preface.LENGTH) {
                        state = State.FRAME_HEADER;
                    }
                    return false;
                }
                if (prefaceAt > 0) {
                    lose();
                    return next(bytes, i);
                }
                state = State.FRAME_HEADER; // the server's direction has no preface
                return next(bytes, i);
            }
            case FRAME_HEADER -> {
                header[headerAt++] = bytes[i];
                if (headerAt == Frame.HEADER_LENGTH) {
                    startFrame();
                }
                return false;
            }
            case PAYLOAD -> {
                return payload(bytes, i);
            }
            default -> {
                bytes[i] = 0;
                return true;
            }
        }
    }

    private void startFrame() {
        headerAt = 0;
        length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
        type = header[3] & 0xff;
        flags = header[4] & 0xff;
        at = 0;
        padding = 0;
        boolean padded = (flags & Frame.PADDED) != 0
                && (type == Frame.DATA || type == Frame.HEADERS || type == Frame.PUSH_PROMISE);
        lead = (padded ? 1 : 0)
                + (type == Frame.HEADERS && (flags & Frame.PRIORITY_FLAG) != 0 ? 5 : 0)
                + (type == Frame.PUSH_PROMISE ? 4 : 0);
        if (type == Frame.HEADERS || type == Frame.PUSH_PROMISE) {
            hpack.startBlock();
        }
        state = State.PAYLOAD;
        if (length == 0) {
            endFrame();
        }
    }

    private boolean payload(byte[] bytes, int i) {
        int position = at++;
        boolean changed = false;
        if (position < lead) {
            if (position == 0 && (flags & Frame.PADDED) != 0) {
                padding = bytes[i] & 0xff;
            }
        } else if (position >= length - padding) {
            changed = bytes[i] != 0;
            bytes[i] = 0;
        } else {
            changed = content(bytes, i, i + (length - padding - position));
        }
        if (at == length) {
            endFrame();
        }
        return changed;
    }

    private boolean content(byte[] bytes, int i, int contentEnd) {
        switch (type) {
            case Frame.HEADERS, Frame.PUSH_PROMISE, Frame.CONTINUATION -> {
                return hpack.next(bytes, i, Math.min(contentEnd, bytes.length));
            }
            case Frame.SETTINGS, Frame.PING, Frame.WINDOW_UPDATE, Frame.RST_STREAM, Frame.PRIORITY, Frame.GOAWAY -> {
                return false;
            }
            case Frame.DATA -> {
                if (!zeroData) {
                    return false;
                }
                bytes[i] = 0;
                return true;
            }
            default -> {
                bytes[i] = 0;
                return true;
            }
        }
    }

    private void endFrame() {
        if ((type == Frame.HEADERS || type == Frame.PUSH_PROMISE || type == Frame.CONTINUATION)
                && (flags & Frame.END_HEADERS) != 0) {
            hpack.endBlock();
        }
        state = State.FRAME_HEADER;
    }

    /** {@code count} bytes went by uncaptured. */
    private void skip(long count) {
        switch (state) {
            case PREFACE -> {
                if (prefaceAt + count <= Http2Preface.LENGTH) {
                    prefaceAt += (int) count;
                    state = prefaceAt == Http2Preface.LENGTH ? State.FRAME_HEADER : State.PREFACE;
                } else {
                    lose();
                }
            }
            case PAYLOAD -> {
                if (count > length - at) {
                    lose();
                    return;
                }
                if (type == Frame.HEADERS || type == Frame.PUSH_PROMISE || type == Frame.CONTINUATION) {
                    hpack.lost();
                }
                at += (int) count;
                if (at == length) {
                    endFrame();
                }
            }
            case FRAME_HEADER -> lose();
            default -> {}
        }
    }

    private void lose() {
        state = State.LOST;
        hpack.lost();
    }
}
