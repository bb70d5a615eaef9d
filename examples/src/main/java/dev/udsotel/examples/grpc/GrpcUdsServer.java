package dev.udsotel.examples.grpc;

import dev.udsotel.examples.SocketFiles;
import io.grpc.Server;
import java.io.IOException;
import java.util.List;

/**
 * A gRPC-Java server of {@code demo.v1.Greeter} on a Unix socket (or a TCP port), on Netty's epoll transport:
 * {@code GrpcUdsServer [--shaded] <socket|port>}. {@code --shaded} serves with grpc-netty-shaded.
 */
public final class GrpcUdsServer {

    private GrpcUdsServer() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        List<String> options = List.of(args);
        boolean shaded = options.contains("--shaded");
        List<String> rest = options.stream().filter(a -> !a.equals("--shaded")).toList();
        if (rest.size() != 1) {
            System.err.println("usage: GrpcUdsServer [--shaded] <socket|port>");
            System.exit(2);
        }
        String where = GrpcNetty.isPort(rest.get(0))
                ? rest.get(0)
                : SocketFiles.claim(rest.get(0)).toString();
        GrpcNetty netty = GrpcNetty.of(shaded);
        Server server = start(netty, where);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, netty), "grpc-shutdown"));
        System.out.println(
                "grpc-java server (" + (shaded ? "grpc-netty-shaded" : "grpc-netty") + ") listening on " + where);
        server.awaitTermination();
    }

    /** Serves the Greeter at {@code where} until {@link #stop}. */
    public static Server start(GrpcNetty netty, String where) throws IOException {
        return netty.server(where).addService(Greeter.service()).build().start();
    }

    public static void stop(Server server, GrpcNetty netty) {
        server.shutdown();
        try {
            server.awaitTermination();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        netty.close();
    }
}
