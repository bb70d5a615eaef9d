package dev.udsotel.bench;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends fixed-size messages one way over a Unix socket at a steady rate, in steps: each step lasts the given
 * seconds at the next rate. A reader thread of this JVM drains them. Each message is one send and at least one
 * receive: the load a host-wide tracer sees. Prints each step's achieved rate, so a tracer's status lines can be
 * lined up with it. A rate of 0 means as fast as possible.
 * {@code PacedSender <socket> <message bytes> <seconds per step> <messages/s>...}
 */
public final class PacedSender {
    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        int size = Integer.parseInt(args[1]);
        long stepNanos = (long) (Double.parseDouble(args[2]) * 1e9);
        Files.deleteIfExists(path);
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(path));
            Thread reader = new Thread(() -> drain(listener, size), "reader");
            reader.setDaemon(true);
            reader.start();
            try (SocketChannel out = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                ByteBuffer message = ByteBuffer.allocateDirect(size);
                for (int i = 0; i < size; i++) {
                    message.put(i, (byte) ('a' + i % 26));
                }
                for (int i = 3; i < args.length; i++) {
                    long rate = Long.parseLong(args[i]);
                    long began = System.nanoTime();
                    long sent = step(out, message, rate, stepNanos);
                    double seconds = (System.nanoTime() - began) / 1e9;
                    System.out.printf("step %d target %d achieved %.0f messages/s%n", i - 2, rate, sent / seconds);
                    System.out.flush();
                }
            }
        } finally {
            Files.deleteIfExists(path);
        }
    }

    private static long step(SocketChannel out, ByteBuffer message, long rate, long stepNanos) throws Exception {
        long began = System.nanoTime();
        long end = began + stepNanos;
        long sent = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return sent;
            }
            if (rate > 0) {
                long due = (now - began) * rate / 1_000_000_000L;
                if (sent >= due) {
                    LockSupport.parkNanos(Math.max(1, (sent + 1 - due) * 1_000_000_000L / rate));
                    continue;
                }
            }
            message.clear();
            while (message.hasRemaining()) {
                out.write(message);
            }
            sent++;
        }
    }

    private static void drain(ServerSocketChannel listener, int size) {
        try (SocketChannel in = listener.accept()) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(size);
            while (true) {
                buffer.clear();
                if (in.read(buffer) < 0) {
                    return;
                }
            }
        } catch (Exception e) {
            // the sender is gone
        }
    }
}
