package dev.udsotel.agent.it.workload;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A server blocked in accept() for two seconds before its client connects, then one ping-pong. Prints how long the
 * server waited and how long its accept() call took, as the application saw them.
 */
public final class AcceptWaitWorkload {
    static final long WAIT_MILLIS = 2_000;

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        Files.deleteIfExists(path);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            long[] acceptCall = new long[2];
            Thread serving = new Thread(() -> {
                acceptCall[0] = System.nanoTime();
                try (SocketChannel accepted = server.accept()) {
                    acceptCall[1] = System.nanoTime();
                    ByteBuffer in = ByteBuffer.allocate(64);
                    accepted.read(in);
                    accepted.write(ByteBuffer.wrap("pong".getBytes()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            serving.start();
            Thread.sleep(WAIT_MILLIS);
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                client.write(ByteBuffer.wrap("ping".getBytes()));
                client.read(ByteBuffer.allocate(64));
            }
            serving.join();
            System.out.println("accept() call lasted " + (acceptCall[1] - acceptCall[0]) / 1_000_000 + " ms");
        } finally {
            Files.deleteIfExists(path);
        }
    }
}
