package dev.udsotel.examples.grpc;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * A gRPC-Java client of {@code demo.v1.Greeter} over a Unix socket (or a TCP port), on Netty's epoll transport:
 * {@code GrpcUdsClient [--shaded] <socket|port> [calls]}, calls being a comma-separated list of unary, stream,
 * error and big (default: the first three, on one connection). Prints each answer, then a checksum of every message sent and
 * received.
 */
public final class GrpcUdsClient {
    public static final String ALL_CALLS = "unary,stream,error";

    private GrpcUdsClient() {}

    public static void main(String[] args) throws InterruptedException {
        List<String> options = List.of(args);
        boolean shaded = options.contains("--shaded");
        List<String> rest = options.stream().filter(a -> !a.equals("--shaded")).toList();
        if (rest.isEmpty() || rest.size() > 2) {
            System.err.println("usage: GrpcUdsClient [--shaded] <socket|port> [unary,stream,error,big]");
            System.exit(2);
        }
        try (GrpcNetty netty = GrpcNetty.of(shaded)) {
            System.out.print(call(netty, rest.get(0), rest.size() > 1 ? rest.get(1) : ALL_CALLS));
        }
    }

    /** Makes the calls on one channel and answers what they printed, the checksum last. */
    public static String call(GrpcNetty netty, String where, String calls) throws InterruptedException {
        ManagedChannel channel = netty.channel(where).build();
        StringBuilder out = new StringBuilder();
        CRC32 checksum = new CRC32();
        try {
            for (String call : calls.split(",")) {
                switch (call) {
                    case "unary" ->
                        out.append(unary(channel, Greeter.SAY_HELLO, "world", checksum))
                                .append('\n');
                    case "stream" -> {
                        checksum.update(bytes("item"));
                        List<String> items = new ArrayList<>();
                        ClientCalls.blockingServerStreamingCall(channel, Greeter.COUNT, CallOptions.DEFAULT, "item")
                                .forEachRemaining(item -> {
                                    checksum.update(bytes(item));
                                    items.add(item);
                                });
                        out.append(items).append('\n');
                    }
                    case "error" -> {
                        try {
                            out.append(unary(channel, Greeter.FAIL, "such thing", checksum))
                                    .append('\n');
                        } catch (StatusRuntimeException e) {
                            out.append(e.getStatus().getCode()).append('\n');
                        }
                    }
                    case "big" ->
                        out.append(unary(channel, Greeter.REPEAT, "0123456789", checksum)
                                        .length())
                                .append('\n');
                    default ->
                        throw new IllegalArgumentException("unknown call " + call + " (unary, stream, error or big)");
                }
            }
        } finally {
            channel.shutdown().awaitTermination(30, TimeUnit.SECONDS);
        }
        return out.append(String.format("checksum %08x%n", checksum.getValue())).toString();
    }

    private static String unary(
            ManagedChannel channel, MethodDescriptor<String, String> method, String request, CRC32 checksum) {
        checksum.update(bytes(request));
        String answer = ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT, request);
        checksum.update(bytes(answer));
        return answer;
    }

    private static byte[] bytes(String message) {
        return message.getBytes(StandardCharsets.UTF_8);
    }
}
