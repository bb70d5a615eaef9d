package dev.udsotel.core.protocol.http2;

/**
 * Something that happened to a stream besides its headers and data: a reset or the connection going away.
 *
 * @param name {@code http2.rst_stream} or {@code http2.goaway}
 * @param nanos CLOCK_MONOTONIC time of the call that carried the frame
 * @param errorCode RFC 9113 error code name, such as {@code CANCEL}
 * @param sentByClient whether the client sent the frame
 * @param lastStreamId GOAWAY's last stream id, -1 for a reset
 */
public record StreamEvent(String name, long nanos, String errorCode, boolean sentByClient, long lastStreamId) {
    public static final String RST_STREAM = "http2.rst_stream";
    public static final String GOAWAY = "http2.goaway";

    /** RFC 9113, 7: the names of the error codes. */
    static String errorName(long code) {
        return switch ((int) code) {
            case 0x0 -> "NO_ERROR";
            case 0x1 -> "PROTOCOL_ERROR";
            case 0x2 -> "INTERNAL_ERROR";
            case 0x3 -> "FLOW_CONTROL_ERROR";
            case 0x4 -> "SETTINGS_TIMEOUT";
            case 0x5 -> "STREAM_CLOSED";
            case 0x6 -> "FRAME_SIZE_ERROR";
            case 0x7 -> "REFUSED_STREAM";
            case 0x8 -> "CANCEL";
            case 0x9 -> "COMPRESSION_ERROR";
            case 0xa -> "CONNECT_ERROR";
            case 0xb -> "ENHANCE_YOUR_CALM";
            case 0xc -> "INADEQUATE_SECURITY";
            case 0xd -> "HTTP_1_1_REQUIRED";
            default -> code < 0 ? "UNKNOWN" : "0x" + Long.toHexString(code);
        };
    }
}
