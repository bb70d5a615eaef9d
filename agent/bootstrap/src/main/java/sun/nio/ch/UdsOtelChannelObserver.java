package sun.nio.ch;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * What the advice inlined into the JDK's socket channels reports. Only UNIX channels are reported.
 * Implementations must return quickly, never throw, and never move a buffer's position or limit.
 */
public interface UdsOtelChannelObserver {
    /** One buffer moved {@code bytes} bytes, which now lie just before its position. */
    void onBuffer(Object channel, boolean outbound, ByteBuffer buffer, long bytes, long startNanos);

    /** Whatever a scattering or gathering call needs remembered before it runs, or null. */
    Object beforeBuffers(Object channel, ByteBuffer[] buffers, int offset, int length);

    /** A scattering read or gathering write moved {@code bytes} bytes. */
    void onBuffers(
            Object channel,
            boolean outbound,
            ByteBuffer[] buffers,
            int offset,
            int length,
            Object before,
            long bytes,
            long startNanos);

    /** A stream call moved {@code bytes} bytes from or into {@code array[offset...]}. */
    void onArray(Object channel, boolean outbound, byte[] array, int offset, long bytes, long startNanos);

    /** sendfile: {@code bytes} bytes went from {@code file} at {@code position} into the channel. */
    void onFileTransfer(Object channel, FileChannel file, long position, long bytes, long startNanos);

    /** connect() returned or threw; {@code connected} is false while a non-blocking connect is pending. */
    void onConnect(Object channel, Object remote, boolean connected, Throwable error, long startNanos);

    /** finishConnect() returned or threw. */
    void onFinishConnect(Object channel, boolean connected, Throwable error);

    /** accept() returned a channel, or threw. */
    void onAccept(Object serverChannel, Object accepted, Throwable error, long startNanos);

    void onShutdown(Object channel, boolean input);

    void onClose(Object channel);
}
