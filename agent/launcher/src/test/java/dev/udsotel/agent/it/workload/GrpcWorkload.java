package dev.udsotel.agent.it.workload;

import dev.udsotel.examples.grpc.GrpcNetty;
import dev.udsotel.examples.grpc.GrpcUdsClient;
import dev.udsotel.examples.grpc.GrpcUdsServer;
import io.grpc.Server;
import java.nio.file.Path;

/**
 * The examples' gRPC-Java server and client in one JVM, on Netty epoll: {@code <netty|shaded> unix <socket>} or
 * {@code <netty|shaded> tcp <marker socket>} (then a java.nio marker exchange follows), the calls optionally after
 * them. Prints the client's answers,
 * the checksum of every message, the jar Netty's epoll transport came from, and the pid.
 */
public final class GrpcWorkload {
    private GrpcWorkload() {}

    public static void main(String[] args) throws Exception {
        boolean tcp = args[1].equals("tcp");
        try (GrpcNetty netty = GrpcNetty.of(args[0].equals("shaded"))) {
            Server server = GrpcUdsServer.start(netty, tcp ? "0" : args[2]);
            String where = tcp ? String.valueOf(server.getPort()) : args[2];
            System.out.print(GrpcUdsClient.call(netty, where, args.length > 3 ? args[3] : GrpcUdsClient.ALL_CALLS));
            server.shutdown().awaitTermination();
        }
        if (tcp) {
            Marker.exchange(Path.of(args[2]));
        }
        String epoll = (args[0].equals("shaded") ? "io.grpc.netty.shaded." : "") + "io.netty.channel.epoll.Epoll";
        String jar = Class.forName(epoll)
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .getPath();
        System.out.println("netty epoll from " + jar.substring(jar.lastIndexOf('/') + 1));
        System.out.println("pid " + ProcessHandle.current().pid());
    }
}
