package dev.udsotel.examples.grpc;

import io.grpc.ManagedChannelBuilder;
import io.grpc.ServerBuilder;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.InetSocketAddress;

/** grpc-netty: gRPC on the application's Netty ({@code io.netty}). */
@SuppressWarnings("deprecation") // EpollEventLoopGroup is in Netty 4.1 and 4.2 alike
final class PlainNetty implements GrpcNetty {
    private final EventLoopGroup group = new EpollEventLoopGroup(2);

    @Override
    public ServerBuilder<?> server(String where) {
        NettyServerBuilder builder = GrpcNetty.isPort(where)
                ? NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", Integer.parseInt(where)))
                        .channelType(EpollServerSocketChannel.class)
                : NettyServerBuilder.forAddress(new DomainSocketAddress(where))
                        .channelType(EpollServerDomainSocketChannel.class);
        return builder.bossEventLoopGroup(group).workerEventLoopGroup(group);
    }

    @Override
    public ManagedChannelBuilder<?> channel(String where) {
        NettyChannelBuilder builder = GrpcNetty.isPort(where)
                ? NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", Integer.parseInt(where)))
                        .channelType(EpollSocketChannel.class)
                : NettyChannelBuilder.forAddress(new DomainSocketAddress(where))
                        .channelType(EpollDomainSocketChannel.class);
        return builder.eventLoopGroup(group).usePlaintext();
    }

    @Override
    public void close() {
        group.shutdownGracefully().syncUninterruptibly();
    }
}
