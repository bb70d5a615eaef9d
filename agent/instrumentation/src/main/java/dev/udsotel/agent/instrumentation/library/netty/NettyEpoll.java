package dev.udsotel.agent.instrumentation.library.netty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.udsotel.agent.instrumentation.library.Library;
import java.util.List;

/**
 * Netty's epoll transport, at its lowest byte-moving layer: the native read into a ByteBuf ({@code doReadBytes}) and
 * the outbound buffer's account of what a native write took ({@code removeBytes}, the one place every epoll write
 * path reports its count while the bytes are still there), plus connect, accept, shutdown and close of domain-socket
 * channels. Every check is {@code instanceof DomainSocketChannel}: TCP and Netty's NIO channels (which java.nio's
 * advice sees already) go no further. The outbound buffer's advice serves {@link NettyIoUring} too.
 */
public final class NettyEpoll implements Library {
    private static final String EPOLL = "io.netty.channel.epoll.";
    private static final String ADVICE = NettyEpollAdvice.class.getName() + "$";

    @Override
    public String name() {
        return "Netty epoll";
    }

    @Override
    public String versionMarker() {
        return "io/netty/channel/epoll/AbstractEpollChannel.class";
    }

    @Override
    public List<Advised> advised() {
        return List.of(
                new Advised(
                        EPOLL + "AbstractEpollChannel",
                        ADVICE + "Read",
                        named("doReadBytes").and(takesArguments(1)).and(returns(int.class)),
                        "AbstractEpollChannel.doReadBytes(ByteBuf)"),
                new Advised(
                        EPOLL + "AbstractEpollChannel",
                        ADVICE + "Close",
                        named("doClose").and(takesArguments(0)),
                        "AbstractEpollChannel.doClose()"),
                new Advised(
                        EPOLL + "AbstractEpollStreamChannel",
                        ADVICE + "ShutdownOutput",
                        named("doShutdownOutput").and(takesArguments(0)),
                        "AbstractEpollStreamChannel.doShutdownOutput()"),
                new Advised(
                        EPOLL + "EpollDomainSocketChannel",
                        ADVICE + "Connect",
                        named("doConnect").and(takesArguments(2)).and(returns(boolean.class)),
                        "EpollDomainSocketChannel.doConnect(SocketAddress, SocketAddress)"),
                new Advised(
                        EPOLL + "EpollServerDomainSocketChannel",
                        ADVICE + "Accept",
                        named("newChildChannel").and(takesArguments(int.class, byte[].class, int.class, int.class)),
                        "EpollServerDomainSocketChannel.newChildChannel(int, byte[], int, int)"),
                new Advised(
                        "io.netty.channel.ChannelOutboundBuffer",
                        ADVICE + "Written",
                        named("removeBytes").and(takesArguments(long.class)),
                        "ChannelOutboundBuffer.removeBytes(long)"));
    }

    @Override
    public List<Member> referenced() {
        return NettyMembers.with(new Member(
                EPOLL + "EpollDomainSocketChannel",
                named("peerCredentials").and(takesArguments(0)),
                null,
                "EpollDomainSocketChannel.peerCredentials()"));
    }
}
