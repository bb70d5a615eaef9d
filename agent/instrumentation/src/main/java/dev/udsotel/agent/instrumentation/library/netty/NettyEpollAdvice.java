package dev.udsotel.agent.instrumentation.library.netty;

import dev.udsotel.agent.bridge.UdsOtelSocketObserver;
import dev.udsotel.agent.bridge.UdsOtelSockets;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.unix.DomainSocketChannel;
import java.net.SocketAddress;
import net.bytebuddy.asm.Advice;

/** The advice {@link NettyEpoll} builds into Netty's classes; inlined there, so it sees Netty's types. */
public final class NettyEpollAdvice {
    private NettyEpollAdvice() {}

    /** {@code AbstractEpollChannel.doReadBytes}: the bytes read lie just before the buffer's writer index. */
    public static final class Read {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object channel, @Advice.Argument(0) ByteBuf buffer, @Advice.Return int bytes) {
            if (bytes > 0 && channel instanceof DomainSocketChannel) {
                UdsOtelSocketObserver observer = UdsOtelSockets.netty;
                if (observer != null) {
                    observer.onBytes(
                            channel, false, buffer, buffer.writerIndex() - bytes, bytes, UdsOtelSockets.NOT_OBSERVED);
                }
            }
        }
    }

    /**
     * {@code ChannelOutboundBuffer.removeBytes}: a native write took this many bytes from the flushed messages, the
     * first one's reader index on (one writev may span several buffers, as gRPC's HTTP/2 frames do).
     */
    public static final class Written {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(
                @Advice.This ChannelOutboundBuffer outbound,
                @Advice.FieldValue("channel") Object channel,
                @Advice.Argument(0) long bytes) {
            if (bytes > 0 && channel instanceof DomainSocketChannel) {
                UdsOtelSocketObserver observer = UdsOtelSockets.netty;
                if (observer != null) {
                    observer.onBytes(channel, true, outbound, 0, bytes, System.nanoTime());
                }
            }
        }
    }

    /** {@code EpollDomainSocketChannel.doConnect}. */
    public static final class Connect {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return System.nanoTime();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(
                @Advice.This Object channel,
                @Advice.Argument(0) SocketAddress remote,
                @Advice.Enter long start,
                @Advice.Return boolean connected,
                @Advice.Thrown Throwable error) {
            UdsOtelSocketObserver observer = UdsOtelSockets.netty;
            if (observer != null) {
                observer.onConnect(channel, remote, connected, error, start);
            }
        }
    }

    /** {@code EpollServerDomainSocketChannel.newChildChannel}: the accepted socket becomes a channel. */
    public static final class Accept {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return System.nanoTime();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Channel server, @Advice.Enter long start, @Advice.Return Object accepted) {
            UdsOtelSocketObserver observer = UdsOtelSockets.netty;
            if (observer != null && accepted != null) {
                observer.onAccept(accepted, server.localAddress(), start);
            }
        }
    }

    /** {@code AbstractEpollStreamChannel.doShutdownOutput}. */
    public static final class ShutdownOutput {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object channel) {
            if (channel instanceof DomainSocketChannel) {
                UdsOtelSocketObserver observer = UdsOtelSockets.netty;
                if (observer != null) {
                    observer.onShutdown(channel, false);
                }
            }
        }
    }

    /** {@code AbstractEpollChannel.doClose}. */
    public static final class Close {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object channel) {
            if (channel instanceof DomainSocketChannel) {
                UdsOtelSocketObserver observer = UdsOtelSockets.netty;
                if (observer != null) {
                    observer.onClose(channel);
                }
            }
        }
    }
}
