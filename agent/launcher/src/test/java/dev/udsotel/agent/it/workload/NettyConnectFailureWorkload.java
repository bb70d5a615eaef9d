package dev.udsotel.agent.it.workload;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.uring.IoUringIoHandler;
import java.util.concurrent.TimeUnit;

/**
 * A Netty client on a native transport ({@code epoll} or {@code io_uring}) connecting to a socket path where nothing
 * listens: prints how the connect failed, and exits 1 if it did not.
 */
public final class NettyConnectFailureWorkload {
    private NettyConnectFailureWorkload() {}

    public static void main(String[] args) throws Exception {
        boolean uring = args[0].equals("io_uring");
        EventLoopGroup group =
                new MultiThreadIoEventLoopGroup(1, uring ? IoUringIoHandler.newFactory() : EpollIoHandler.newFactory());
        try {
            ChannelFuture connect = new Bootstrap()
                    .group(group)
                    .channel(NettyHttpWorkload.channel(uring, true))
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(new DomainSocketAddress(args[1]))
                    .await();
            System.out.println("connect failed: " + connect.cause());
            if (connect.isSuccess()) {
                System.exit(1);
            }
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }
}
