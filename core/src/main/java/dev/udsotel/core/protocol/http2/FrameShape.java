package dev.udsotel.core.protocol.http2;

/**
 * Recognises HTTP/2 framing without the preface: bytes that are one or more whole, well-formed frames. Used where
 * capture began mid-connection or framing was lost, relying on writes and reads that start at frame boundaries.
 * Strict on purpose, so other binary protocols are not taken for HTTP/2.
 */
public final class FrameShape {
    /** The default SETTINGS_MAX_FRAME_SIZE; bigger frames are legal but rare enough to refuse here. */
    static final int MOST_LENGTH = 16_384;

    private FrameShape() {}

    /** Whether {@code bytes} are exactly a sequence of whole frames, each plausible for its type. */
    public static boolean wholeFrames(byte[] bytes) {
        int at = 0;
        int frames = 0;
        while (at < bytes.length) {
            if (bytes.length - at < Frame.HEADER_LENGTH) {
                return false;
            }
            int length = ((bytes[at] & 0xff) << 16) | ((bytes[at + 1] & 0xff) << 8) | (bytes[at + 2] & 0xff);
            int type = bytes[at + 3] & 0xff;
            int flags = bytes[at + 4] & 0xff;
            long stream = ((bytes[at + 5] & 0xffL) << 24)
                    | ((bytes[at + 6] & 0xff) << 16)
                    | ((bytes[at + 7] & 0xff) << 8)
                    | (bytes[at + 8] & 0xff);
            if (length > MOST_LENGTH || stream > Integer.MAX_VALUE || !plausible(type, flags, length, stream)) {
                return false;
            }
            at += Frame.HEADER_LENGTH + length;
            frames++;
        }
        return frames > 0 && at == bytes.length;
    }

    private static boolean plausible(int type, int flags, int length, long stream) {
        return switch (type) {
            case Frame.DATA -> stream != 0 && (flags & ~0x09) == 0;
            case Frame.HEADERS -> stream != 0 && (flags & ~0x2d) == 0;
            case Frame.PRIORITY -> stream != 0 && length == 5 && flags == 0;
            case Frame.RST_STREAM -> stream != 0 && length == 4 && flags == 0;
            case Frame.SETTINGS ->
                stream == 0 && length % 6 == 0 && (flags & ~0x01) == 0 && ((flags & Frame.ACK) == 0 || length == 0);
            case Frame.PUSH_PROMISE -> stream != 0 && (flags & ~0x0c) == 0;
            case Frame.PING -> stream == 0 && length == 8 && (flags & ~0x01) == 0;
            case Frame.GOAWAY -> stream == 0 && length >= 8 && flags == 0;
            case Frame.WINDOW_UPDATE -> length == 4 && flags == 0;
            case Frame.CONTINUATION -> stream != 0 && (flags & ~0x04) == 0;
            default -> false;
        };
    }
}
