package dev.udsotel.agent.instrumentation.library.netty;

import dev.udsotel.agent.bridge.UdsOtelSocketObserver;
import dev.udsotel.agent.bridge.UdsOtelSockets;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.channel.unix.DomainSocketChannel;
import java.net.ConnectException;
import java.net.SocketAddress;
import net.bytebuddy.asm.Advice;

/**
 * The advice {@link NettyIoUring} builds into Netty's io_uring classes where epoll's does not fit (accept, shutdown,
 * close and writes take {@link NettyEpollAdvice}'s); inlined there, so it sees Netty's types.
 */
public final class NettyIoUringAdvice {
    private NettyIoUringAdvice() {}

    /**
     * {@code IoUringStreamUnsafe.readComplete0}: a completed read of {@code res} bytes, which the kernel put after the
     * read buffer's writer index; Netty moves the index, and hands the buffer on, only after this. A read into a
     * buffer ring (off by default) has no read buffer: its count is reported without its bytes.
     */
    public static final class Read {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(
                @Advice.FieldValue("this$0") Object channel,
                @Advice.FieldValue("readBuffer") ByteBuf buffer,
                @Advice.Argument(1) int res) {
            if (res > 0 && channel instanceof DomainSocketChannel) {
                UdsOtelSocketObserver observer = UdsOtelSockets.netty;
                if (observer != null) {
                    ByteBuf read = buffer == null ? null : buffer.slice(buffer.writerIndex(), res);
                    observer.onBytes(channel, false, read, 0, res, UdsOtelSockets.NOT_OBSERVED);
                }
            }
        }
    }

    /**
     * {@code AbstractUringUnsafe.connect}: the connect is submitted to the ring, so it is pending until bytes first
     * move (as an epoll connect that returned false); one refused before submitting has failed the promise already.
     * A connect on a channel that is connected or closed already is the application's mistake, not a new connection.
     */
    public static final class Connect {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.FieldValue("this$0") Channel channel) {
            return channel.isOpen() && !channel.isActive() ? System.nanoTime() : UdsOtelSockets.NOT_OBSERVED;
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(
                @Advice.FieldValue("this$0") Object channel,
                @Advice.Argument(0) SocketAddress remote,
                @Advice.Argument(2) ChannelPromise promise,
                @Advice.Enter long start) {
            if (start != UdsOtelSockets.NOT_OBSERVED && channel instanceof DomainSocketChannel) {
                UdsOtelSocketObserver observer = UdsOtelSockets.netty;
                if (observer != null) {
                    observer.onConnect(channel, remote, false, promise.cause(), start);
                }
            }
        }
    }

    /**
     * {@code AbstractUringUnsafe.connectComplete}: the ring finished the pending connect, with 0 or a negative errno
     * ({@code EINPROGRESS} and {@code EALREADY} mean it goes on, until the socket is writable).
     */
    public static final class ConnectComplete {
        private static final int EINPROGRESS = 115;
        private static final int EALREADY = 114;

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.FieldValue("this$0") Object channel, @Advice.Argument(1) int res) {
            if (res != -EINPROGRESS && res != -EALREADY && channel instanceof DomainSocketChannel) {
                UdsOtelSocketObserver observer = UdsOtelSockets.netty;
                if (observer != null) {
                    observer.onConnect(
                            channel,
                            null,
                            res == 0,
                            res == 0 ? null : new ConnectException("io_uring connect: errno " + -res),
                            UdsOtelSockets.NOT_OBSERVED);
                }
            }
        }
    }
}
