package dev.udsotel.core.protocol.http2;

import java.util.Arrays;

/**
 * Cuts one direction of a connection into frames, whatever the read and write boundaries.
 *
 * <p>Bytes arrive as {@link #accept captured} runs and as {@link #skip counts of bytes that moved uncaptured}.
 * Uncaptured bytes inside a frame's payload only shorten what that frame carries; once the rest of a payload is
 * missing, its later captured bytes are dropped too, so a payload is always a captured prefix. Uncaptured bytes
 * where a frame header or the preface should be lose the framing for good: {@link Sink#lostSync} is told once and
 * nothing more is reported.
 */
public final class FrameReader {
    /** Receives what the reader finds. */
    public interface Sink {
        void onFrame(Frame frame);

        /** The framing of this direction is lost; no frame follows. */
        void lostSync();
    }

    /** Payload bytes kept per frame, by type: header blocks whole up to a bound, DATA for message prefixes. */
    static final int MOST_HEADER_PAYLOAD = 256 * 1024;

    static final int MOST_DATA_PAYLOAD = 16 * 1024;
    static final int MOST_OTHER_PAYLOAD = 64;

    private final Sink sink;
    private int prefaceLeft;
    private final byte[] header = new byte[Frame.HEADER_LENGTH];
    private int headerFill;
    private int type;
    private int flags;
    private int streamId;
    private int length;
    private byte[] payload;
    private int payloadFill;
    private long payloadLeft;
    private boolean payloadCut;
    private boolean lost;

    /** @param expectPreface whether this is the client's direction from its start: 24 preface bytes come first */
    public FrameReader(Sink sink, boolean expectPreface) {
        this.sink = sink;
        this.prefaceLeft = expectPreface ? Http2Preface.LENGTH : 0;
    }

    public boolean lost() {
        return lost;
    }

    /** Captured bytes, in order. */
    public void accept(byte[] bytes, int offset, int count) {
        int at = offset;
        int end = offset + count;
        while (at < end && !lost) {
            if (prefaceLeft > 0) {
                int index = Http2Preface.LENGTH - prefaceLeft;
                if (bytes[at] != Http2Preface.BYTES[index]) {
                    loseSync();
                    return;
                }
                prefaceLeft--;
                at++;
            } else if (headerFill < Frame.HEADER_LENGTH) {
                header[headerFill++] = bytes[at++];
                if (headerFill == Frame.HEADER_LENGTH) {
                    startPayload();
                }
            } else {
                int take = (int) Math.min(end - at, payloadLeft);
                if (!payloadCut) {
                    int room = payload.length - payloadFill;
                    int kept = Math.min(room, take);
                    System.arraycopy(bytes, at, payload, payloadFill, kept);
                    payloadFill += kept;
                    payloadCut = kept < take;
                }
                at += take;
                payloadLeft -= take;
                if (payloadLeft == 0) {
                    finishFrame();
                }
            }
        }
    }

    /** {@code count} bytes moved here without being captured. */
    public void skip(long count) {
        long left = count;
        while (left > 0 && !lost) {
            if (prefaceLeft > 0 || headerFill < Frame.HEADER_LENGTH) {
                loseSync();
                return;
            }
            long take = Math.min(left, payloadLeft);
            payloadCut = true;
            payloadLeft -= take;
            left -= take;
            if (payloadLeft == 0) {
                finishFrame();
            }
        }
    }

    private void startPayload() {
        length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
        type = header[3] & 0xff;
        flags = header[4] & 0xff;
        streamId = (int) ((((header[5] & 0xffL) << 24)
                        | ((header[6] & 0xff) << 16)
                        | ((header[7] & 0xff) << 8)
                        | (header[8] & 0xff))
                & 0x7fff_ffffL);
        int bound = switch (type) {
            case Frame.HEADERS, Frame.CONTINUATION, Frame.PUSH_PROMISE -> MOST_HEADER_PAYLOAD;
            case Frame.DATA -> MOST_DATA_PAYLOAD;
            default -> MOST_OTHER_PAYLOAD;
        };
        payload = new byte[Math.min(length, bound)];
        payloadFill = 0;
        payloadLeft = length;
        payloadCut = false;
        if (length == 0) {
            finishFrame();
        }
    }

    private void finishFrame() {
        byte[] kept = payloadFill == payload.length ? payload : Arrays.copyOf(payload, payloadFill);
        headerFill = 0;
        payload = null;
        sink.onFrame(new Frame(type, flags, streamId, length, kept));
    }

    private void loseSync() {
        lost = true;
        payload = null;
        sink.lostSync();
    }
}
