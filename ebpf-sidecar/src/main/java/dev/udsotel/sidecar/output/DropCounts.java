package dev.udsotel.sidecar.output;

/**
 * Events lost before they were shown.
 *
 * @param kernel records the BPF programs could not reserve in the ring buffer
 * @param user records user space read but could not keep up with
 * @param http2CutHeaderFrames HTTP/2 header frames the kernel captured in part (longer than its bound per frame, or
 *     past a full record): each leaves that direction's HPACK table partly unknown
 * @param http2FramingLost HTTP/2 socket directions whose framing the kernel could not follow (more steps than a call
 *     may take, sendfile or splice): captured up to 4096 bytes per call from then on
 */
public record DropCounts(long kernel, long user, long http2CutHeaderFrames, long http2FramingLost) {
    public static final DropCounts NONE = new DropCounts(0, 0, 0, 0);

    public DropCounts(long kernel, long user) {
        this(kernel, user, 0, 0);
    }

    public DropCounts plus(DropCounts other) {
        return new DropCounts(
                kernel + other.kernel,
                user + other.user,
                http2CutHeaderFrames + other.http2CutHeaderFrames,
                http2FramingLost + other.http2FramingLost);
    }
}
