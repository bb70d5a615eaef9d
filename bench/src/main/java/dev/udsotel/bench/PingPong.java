package dev.udsotel.bench;

import java.lang.management.ManagementFactory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * UDS ping-pongs between client threads and server threads of this JVM: each client writes a message, its server
 * reads it whole and writes it back, the client reads it whole. With several pairs they run concurrently, each on
 * its own connection. Prints the total round trips per second after a warm-up.
 * {@code PingPong <socket> <message bytes> <warm-up seconds> <measured seconds> [pairs]}
 *
 * <p>With {@code -Dbench.waitFor=<file>} the warm-up goes on until that file exists, so a tracer attached from
 * outside is in place before the measured part starts.
 *
 * <p>{@code round_trips_all} counts the warm-up too: each round trip is one exchange at each end, so a tracer of
 * both ends should account for twice as many exchanges, as spans or as counted losses.
 *
 * <p>It also prints the JVM's CPU time over the measured part (utime + stime from /proc/self/stat, in clock ticks)
 * and the round trips made in it, so a tracer's cost per round trip can be compared even where the round-trip rate
 * is distorted by idle cores waking up.
 *
 * <p>With {@code -Dbench.heap=true} it also prints the heap used after a full GC, taken once the measured run is
 * over but while the connections are still open, so a tracer's live state is counted.
 */
public final class PingPong {
    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        int size = Integer.parseInt(args[1]);
        double warmup = Double.parseDouble(args[2]);
        double measured = Double.parseDouble(args[3]);
        int pairs = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        Files.deleteIfExists(path);
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(path));
            Thread acceptor = new Thread(() -> acceptAll(listener, size), "acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            CyclicBarrier start = new CyclicBarrier(pairs + 1);
            CyclicBarrier done = new CyclicBarrier(pairs + 1);
            AtomicLong trips = new AtomicLong();
            AtomicLong allTrips = new AtomicLong();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                Thread client = new Thread(
                        () -> client(path, size, warmup, measured, start, done, trips, allTrips), "client-" + i);
                client.start();
                clients.add(client);
            }
            start.await();
            long began = System.nanoTime();
            long ticksBefore = cpuTicks();
            done.await();
            double seconds = (System.nanoTime() - began) / 1e9;
            long ticks = cpuTicks() - ticksBefore;
            System.out.printf("round_trips_per_second %.0f%n", trips.get() / seconds);
            System.out.printf("round_trips_measured %d%n", trips.get());
            System.out.printf("cpu_ticks_measured %d%n", ticks);
            System.out.printf("round_trips_all %d%n", allTrips.get());
            if (Boolean.getBoolean("bench.heap")) {
                System.gc();
                System.gc();
                long used =
                        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                System.out.printf("heap_used_after_gc_bytes %d%n", used);
            }
            for (Thread client : clients) {
                client.interrupt();
                client.join();
            }
        } finally {
            Files.deleteIfExists(path);
        }
    }

    /** utime + stime of this JVM, in clock ticks; -1 where /proc is missing. */
    private static long cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after the command name start at field 3 (state); utime and stime are fields 14 and 15
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (Exception e) {
            return -1;
        }
    }

    private static void client(
            Path path,
            int size,
            double warmup,
            double measured,
            CyclicBarrier start,
            CyclicBarrier done,
            AtomicLong total,
            AtomicLong all) {
        try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            ByteBuffer out = ByteBuffer.allocateDirect(size);
            ByteBuffer in = ByteBuffer.allocateDirect(size);
            for (int i = 0; i < size; i++) {
                out.put(i, (byte) ('a' + i % 26));
            }
            long warm = run(client, out, in, (long) (warmup * 1e9));
            String waitFor = System.getProperty("bench.waitFor");
            while (waitFor != null && !Files.exists(Path.of(waitFor))) {
                warm += run(client, out, in, 100_000_000L);
            }
            start.await();
            long trips = run(client, out, in, (long) (measured * 1e9));
            total.addAndGet(trips);
            all.addAndGet(warm + trips);
            done.await();
            // keep the connection open until main has taken its heap figure
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            // main is finished
        } catch (Exception e) {
            throw new IllegalStateException(e);
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

    private static void acceptAll(ServerSocketChannel listener, int size) {
        try {
            while (true) {
                SocketChannel peer = listener.accept();
                Thread server = new Thread(() -> serve(peer, size), "server");
                server.setDaemon(true);
                server.start();
            }
        } catch (Exception e) {
            // the listener is closed: the benchmark is over
        }
    }

    private static void serve(SocketChannel peer, int size) {
        try (peer) {
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
