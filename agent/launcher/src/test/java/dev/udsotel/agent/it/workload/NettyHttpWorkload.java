package dev.udsotel.agent.it.workload;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDomainSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerDomainSocketChannel;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * A Netty HTTP server and client in one JVM, on Netty's native epoll transport (io_uring when a fourth argument says
 * {@code io_uring}), over a Unix socket ({@code unix <path>}) or TCP loopback ({@code tcp <marker socket>}):
 * {@code requests} POSTs on one keep-alive connection, each answered with a body made from its own. Prints the CRC-32 of every body received, to compare runs with and without the agent.
 * Over TCP it ends with a java.nio {@link Marker} exchange.
 */
public final class NettyHttpWorkload {
    private NettyHttpWorkload() {}

    public static void main(String[] args) throws Exception {
        boolean unix = args[0].equals("unix");
        Path socket = Path.of(args[1]);
        int requests = Integer.parseInt(args[2]);
        boolean uring = args.length > 3 && args[3].equals("io_uring");
        if (uring) {
            IoUring.ensureAvailability();
        }
        IoHandlerFactory io = uring ? IoUringIoHandler.newFactory() : EpollIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, io);
        try {
            SocketAddress address;
            Channel server;
            ServerBootstrap serverBootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(serverChannel(uring, unix))
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            channel.pipeline()
                                    .addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new Answer());
                        }
                    });
            if (unix) {
                Files.deleteIfExists(socket);
                server = serverBootstrap
                        .bind(new DomainSocketAddress(socket.toString()))
                        .sync()
                        .channel();
                address = new DomainSocketAddress(socket.toString());
            } else {
                server = serverBootstrap
                        .bind(new InetSocketAddress("127.0.0.1", 0))
                        .sync()
                        .channel();
                address = server.localAddress();
            }
            BlockingQueue<FullHttpResponse> responses = new ArrayBlockingQueue<>(1);
            Channel client = new Bootstrap()
                    .group(group)
                    .channel(channel(uring, unix))
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            channel.pipeline()
                                    .addLast(
                                            new HttpClientCodec(),
                                            new HttpObjectAggregator(1 << 20),
                                            new SimpleChannelInboundHandler<FullHttpResponse>() {
                                                @Override
                                                protected void channelRead0(
                                                        ChannelHandlerContext ctx, FullHttpResponse response) {
                                                    responses.add(response.retainedDuplicate());
                                                }
                                            });
                        }
                    })
                    .connect(address)
                    .sync()
                    .channel();
            CRC32 crc = new CRC32();
            for (int i = 0; i < requests; i++) {
                byte[] body = ("{\"item\":" + i + "}").getBytes(StandardCharsets.US_ASCII);
                FullHttpRequest request = new DefaultFullHttpRequest(
                        HttpVersion.HTTP_1_1, HttpMethod.POST, "/items/" + i, Unpooled.wrappedBuffer(body));
                request.headers()
                        .set(HttpHeaderNames.HOST, "localhost")
                        .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
                client.writeAndFlush(request).sync();
                FullHttpResponse response = responses.poll(60, TimeUnit.SECONDS);
                if (response == null) {
                    throw new IllegalStateException("no response to request " + i);
                }
                crc.update(ByteBufUtil.getBytes(response.content()));
                response.release();
            }
            client.close().sync();
            server.close().sync();
            System.out.println("checksum " + Long.toHexString(crc.getValue()) + " pid "
                    + ProcessHandle.current().pid());
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
            if (unix) {
                Files.deleteIfExists(socket);
            }
        }
        if (!unix) {
            Marker.exchange(socket);
        }
    }

    /** The server channel class of the transport; a class is loaded only when chosen (io_uring before 4.2.2 has no domain sockets). */
    private static Class<? extends ServerChannel> serverChannel(boolean uring, boolean unix) {
        if (uring) {
            return unix ? IoUringServerDomainSocketChannel.class : IoUringServerSocketChannel.class;
        }
        return unix ? EpollServerDomainSocketChannel.class : EpollServerSocketChannel.class;
    }

    static Class<? extends Channel> channel(boolean uring, boolean unix) {
        if (uring) {
            return unix ? IoUringDomainSocketChannel.class : IoUringSocketChannel.class;
        }
        return unix ? EpollDomainSocketChannel.class : EpollSocketChannel.class;
    }

    /** Answers each request with a body made from the request's: its path and its body, reversed. */
    private static final class Answer extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String body = request.uri() + " "
                    + new StringBuilder(request.content().toString(StandardCharsets.US_ASCII)).reverse();
            FullHttpResponse response = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1,
                    HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(body, StandardCharsets.US_ASCII));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            ctx.writeAndFlush(response);
        }
    }
}
