package dev.udsotel.agent.instrumentation.library.netty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.udsotel.agent.instrumentation.library.Library;
import java.util.List;

/**
 * Netty's io_uring transport (domain sockets since 4.2.2), at its lowest byte-moving layer. Its reads and writes
 * complete in the ring, so the advice sits where a completion is handed back: a read's count on entry to
 * {@code readComplete0}, with the bytes already after the buffer's writer index, and a write's through the outbound
 * buffer's {@code removeBytes}, as epoll's; plus connect (submitted, then completed in the ring), accept, output
 * shutdown and close. Every check is {@code instanceof DomainSocketChannel}: io_uring over TCP goes no further.
 */
public final class NettyIoUring implements Library {
    private static final String URING = "io.netty.channel.uring.";
    private static final String ADVICE = NettyIoUringAdvice.class.getName() + "$";
    private static final String EPOLL_ADVICE = NettyEpollAdvice.class.getName() + "$";
    private static final String STREAM_UNSAFE = URING + "AbstractIoUringStreamChannel$IoUringStreamUnsafe";
    private static final String UNSAFE = URING + "AbstractIoUringChannel$AbstractUringUnsafe";
    private static final String BYTE_BUF = "io.netty.buffer.ByteBuf";

    @Override
    public String name() {
        return "Netty io_uring";
    }

    @Override
    public String versionMarker() {
        return "io/netty/channel/uring/AbstractIoUringChannel.class";
    }

    @Override
    public List<Advised> advised() {
        return List.of(
                new Advised(
                        STREAM_UNSAFE,
                        ADVICE + "Read",
                        named("readComplete0")
                                .and(takesArguments(byte.class, int.class, int.class, short.class, int.class)),
                        "IoUringStreamUnsafe.readComplete0(byte, int, int, short, int)"),
                new Advised(
                        UNSAFE,
                        ADVICE + "Connect",
                        named("connect").and(takesArguments(3)),
                        "AbstractUringUnsafe.connect(SocketAddress, SocketAddress, ChannelPromise)"),
                // its last argument is a short before 4.2.1x and a long after
                new Advised(
                        UNSAFE,
                        ADVICE + "ConnectComplete",
                        named("connectComplete").and(takesArguments(4)),
                        "AbstractUringUnsafe.connectComplete(byte, int, int, long)"),
                new Advised(
                        URING + "IoUringServerDomainSocketChannel",
                        EPOLL_ADVICE + "Accept",
                        named("newChildChannel").and(takesArguments(2)),
                        "IoUringServerDomainSocketChannel.newChildChannel(int, ByteBuffer)"),
                // 4.2.18 moved the stream channel's part of it to doShutdownOutput0
                new Advised(
                        URING + "AbstractIoUringStreamChannel",
                        EPOLL_ADVICE + "ShutdownOutput",
                        named("doShutdownOutput").or(named("doShutdownOutput0")).and(takesArguments(0)),
                        "AbstractIoUringStreamChannel.doShutdownOutput()"),
                new Advised(
                        URING + "AbstractIoUringChannel",
                        EPOLL_ADVICE + "Close",
                        named("doClose").and(takesArguments(0)),
                        "AbstractIoUringChannel.doClose()"),
                new Advised(
                        "io.netty.channel.ChannelOutboundBuffer",
                        EPOLL_ADVICE + "Written",
                        named("removeBytes").and(takesArguments(long.class)),
                        "ChannelOutboundBuffer.removeBytes(long)"));
    }

    @Override
    public List<Member> referenced() {
        return NettyMembers.with(
                new Member(STREAM_UNSAFE, null, "readBuffer", "IoUringStreamUnsafe.readBuffer"),
                new Member(STREAM_UNSAFE, null, "this$0", "IoUringStreamUnsafe's channel"),
                new Member(UNSAFE, null, "this$0", "AbstractUringUnsafe's channel"),
                new Member(
                        "io.netty.util.concurrent.Future",
                        named("cause").and(takesArguments(0)),
                        null,
                        "Future.cause()"),
                new Member(
                        BYTE_BUF,
                        named("slice").and(takesArguments(int.class, int.class)),
                        null,
                        "ByteBuf.slice(int, int)"),
                new Member(
                        URING + "IoUringDomainSocketChannel",
                        named("peerCredentials").and(takesArguments(0)),
                        null,
                        "IoUringDomainSocketChannel.peerCredentials()"));
    }
}
