package dev.udsotel.bench;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A UDS ping-pong between a client thread and a server thread of this JVM: the client writes a message, the server
 * reads it whole and writes it back, the client reads it whole. Prints round trips per second after a warm-up.
 * {@code PingPong <socket> <message bytes> <warm-up seconds> <measured seconds>}
 */
public final class PingPong {
    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        int size = Integer.parseInt(args[1]);
        double warmup = Double.parseDouble(args[2]);
        double measured = Double.parseDouble(args[3]);
        Files.deleteIfExists(path);
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(path));
            Thread server = new Thread(() -> serve(listener, size), "server");
            server.setDaemon(true);
            server.start();
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                ByteBuffer out = ByteBuffer.allocateDirect(size);
                ByteBuffer in = ByteBuffer.allocateDirect(size);
                for (int i = 0; i < size; i++) {
                    out.put(i, (byte) ('a' + i % 26));
                }
                run(client, out, in, (long) (warmup * 1e9));
                long start = System.nanoTime();
                long trips = run(client, out, in, (long) (measured * 1e9));
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("round_trips_per_second %.0f%n", trips / seconds);
            }
        } finally {
            Files.deleteIfExists(path);
        }
    }

    private static long run(SocketChannel client, ByteBuffer out, ByteBuffer in, long nanos) throws Exception {
        long end = System.nanoTime() + nanos;
        long trips = 0;
        while ((trips & 255) != 0 || System.nanoTime() < end) {
            out.clear();
            while (out.hasRemaining()) {
                client.write(out);
            }
            in.clear();
            while (in.hasRemaining()) {
                if (client.read(in) < 0) {
                    throw new IllegalStateException("server closed");
                }
            }
            trips++;
        }
        return trips;
    }

    private static void serve(ServerSocketChannel listener, int size) {
        try (SocketChannel peer = listener.accept()) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(size);
            while (true) {
                buffer.clear();
                while (buffer.hasRemaining()) {
                    if (peer.read(buffer) < 0) {
                        return;
                    }
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    peer.write(buffer);
                }
            }
        } catch (Exception e) {
            // the client is gone: the benchmark is over
        }
    }
}
