package dev.udsotel.examples.grpc;

import io.grpc.ManagedChannelBuilder;
import io.grpc.ServerBuilder;

/**
 * gRPC-Java's Netty transport on epoll, for a Unix socket path or a TCP port ("where": a number is a port on
 * localhost). gRPC ships it twice: grpc-netty on the application's own Netty, and grpc-netty-shaded with Netty
 * relocated under {@code io.grpc.netty.shaded}. The types differ, the code is the same.
 */
public interface GrpcNetty extends AutoCloseable {
    ServerBuilder<?> server(String where);

    ManagedChannelBuilder<?> channel(String where);

    /** Stops the event loops. */
    @Override
    void close();

    /** {@code --shaded} picks grpc-netty-shaded, otherwise grpc-netty. */
    static GrpcNetty of(boolean shaded) {
        return shaded ? new ShadedNetty() : new PlainNetty();
    }

    static boolean isPort(String where) {
        return where.chars().allMatch(Character::isDigit);
    }
}
