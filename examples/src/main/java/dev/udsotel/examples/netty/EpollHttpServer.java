package dev.udsotel.examples.netty;

import dev.udsotel.examples.SocketFiles;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerDomainSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * An HTTP server on Netty's native epoll transport (io_uring with {@code --io-uring}), listening on a Unix socket:
 * Netty's own domain-socket channel, which never goes through java.nio. Answers every request with a line naming its
 * transport, method and path.
 */
public final class EpollHttpServer {

    private EpollHttpServer() {}

    public static void main(String[] args) throws InterruptedException {
        boolean uring = args.length == 2 && args[1].equals("--io-uring");
        if (args.length != 1 && !uring) {
            System.err.println("usage: EpollHttpServer <socket> [--io-uring]");
            System.exit(2);
        }
        String transport = uring ? "io_uring" : "epoll";
        Path path = SocketFiles.claim(args[0]);
        EventLoopGroup group =
                new MultiThreadIoEventLoopGroup(1, uring ? IoUringIoHandler.newFactory() : EpollIoHandler.newFactory());
        Runtime.getRuntime().addShutdownHook(new Thread(group::shutdownGracefully, "netty-shutdown"));
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(uring ? IoUringServerDomainSocketChannel.class : EpollServerDomainSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline()
                                .addLast(
                                        new HttpServerCodec(),
                                        new HttpObjectAggregator(1 << 16),
                                        new Answer(transport));
                    }
                })
                .bind(new DomainSocketAddress(path.toString()))
                .sync()
                .channel();
        System.out.println("netty " + transport + " http server listening on " + path);
        server.closeFuture().sync();
    }

    private static final class Answer extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final String transport;

        Answer(String transport) {
            this.transport = transport;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String body = "netty " + transport + " answered " + request.method() + " " + request.uri() + "\n";
            FullHttpResponse response = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            ctx.writeAndFlush(response);
        }
    }
}
