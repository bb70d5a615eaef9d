package dev.udsotel.core.protocol.http2;

/**
 * One HTTP/2 frame (RFC 9113, 4.1) as far as it was captured.
 *
 * @param length the payload length the frame header announces
 * @param payload the captured start of the payload; shorter than {@code length} when the rest was not captured
 */
public record Frame(int type, int flags, int streamId, int length, byte[] payload) {
    public static final int DATA = 0x0;
    public static final int HEADERS = 0x1;
    public static final int PRIORITY = 0x2;
    public static final int RST_STREAM = 0x3;
    public static final int SETTINGS = 0x4;
    public static final int PUSH_PROMISE = 0x5;
    public static final int PING = 0x6;
    public static final int GOAWAY = 0x7;
    public static final int WINDOW_UPDATE = 0x8;
    public static final int CONTINUATION = 0x9;

    public static final int END_STREAM = 0x1;
    public static final int ACK = 0x1;
    public static final int END_HEADERS = 0x4;
    public static final int PADDED = 0x8;
    public static final int PRIORITY_FLAG = 0x20;

    public static final int HEADER_LENGTH = 9;

    public boolean whole() {
        return payload.length == length;
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** A 32-bit big-endian value of the payload at {@code at}, or -1 when it was not captured. */
    long int32(int at) {
        if (payload.length < at + 4) {
            return -1;
        }
        return ((payload[at] & 0xffL) << 24)
                | ((payload[at + 1] & 0xff) << 16)
                | ((payload[at + 2] & 0xff) << 8)
                | (payload[at + 3] & 0xff);
    }

    /** The frame type's name as RFC 9113 spells it, or {@code UNKNOWN_0x..}. */
    static String typeName(int type) {
        return switch (type) {
            case DATA -> "DATA";
            case HEADERS -> "HEADERS";
            case PRIORITY -> "PRIORITY";
            case RST_STREAM -> "RST_STREAM";
            case SETTINGS -> "SETTINGS";
            case PUSH_PROMISE -> "PUSH_PROMISE";
            case PING -> "PING";
            case GOAWAY -> "GOAWAY";
            case WINDOW_UPDATE -> "WINDOW_UPDATE";
            case CONTINUATION -> "CONTINUATION";
            default -> "UNKNOWN_0x" + Integer.toHexString(type);
        };
    }
}
