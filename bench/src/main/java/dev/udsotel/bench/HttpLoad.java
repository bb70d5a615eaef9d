package dev.udsotel.bench;

import java.io.EOFException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keep-alive HTTP/1.1 GETs over one Unix socket connection, one request at a time, as fast as the server answers.
 * Prints requests per second and the median and 99th percentile latency of the measured part, and every request
 * made, warm-up included ({@code requests_all}).
 * {@code HttpLoad <socket> <path> <warm-up seconds> <measured seconds>}
 */
public final class HttpLoad {
    private final SocketChannel channel;
    private final ByteBuffer request;
    private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);

    private HttpLoad(SocketChannel channel, String path) {
        this.channel = channel;
        byte[] bytes = ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: uds-otel-bench\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        this.request = ByteBuffer.allocateDirect(bytes.length).put(bytes);
        in.limit(0);
    }

    public static void main(String[] args) throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(args[0]);
        long warmup = (long) (Double.parseDouble(args[2]) * 1e9);
        long measured = (long) (Double.parseDouble(args[3]) * 1e9);
        try (SocketChannel channel = SocketChannel.open(address)) {
            HttpLoad load = new HttpLoad(channel, args[1]);
            int warm = load.run(warmup, new long[1 << 20]);
            long[] latencies = new long[1 << 22];
            long start = System.nanoTime();
            int count = load.run(measured, latencies);
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] sorted = Arrays.copyOf(latencies, count);
            Arrays.sort(sorted);
            System.out.printf("requests_per_second %.0f%n", count / seconds);
            System.out.printf("p50_us %.1f%n", sorted[count / 2] / 1e3);
            System.out.printf("p99_us %.1f%n", sorted[(int) (count * 0.99)] / 1e3);
            System.out.printf("requests_all %d%n", warm + count);
        }
    }

    private int run(long nanos, long[] latencies) throws Exception {
        long end = System.nanoTime() + nanos;
        int count = 0;
        while (System.nanoTime() < end && count < latencies.length) {
            long began = System.nanoTime();
            exchange();
            latencies[count++] = System.nanoTime() - began;
        }
        return count;
    }

    private void exchange() throws Exception {
        request.clear();
        while (request.hasRemaining()) {
            channel.write(request);
        }
        String head = readHead();
        if (!head.startsWith("HTTP/1.1 200")) {
            throw new IllegalStateException("unexpected response: " + head);
        }
        String lower = head.toLowerCase();
        int at = lower.indexOf("content-length:");
        if (at >= 0) {
            int eol = lower.indexOf('\r', at);
            skip(Integer.parseInt(lower.substring(at + 15, eol).trim()));
        } else if (lower.contains("transfer-encoding: chunked")) {
            while (true) {
                int chunk = Integer.parseInt(readLine().trim(), 16);
                skip(chunk);
                readLine();
                if (chunk == 0) {
                    break;
                }
            }
        } else {
            throw new IllegalStateException("no length in: " + head);
        }
    }

    private String readHead() throws Exception {
        StringBuilder head = new StringBuilder();
        while (true) {
            String line = readLine();
            if (line.isEmpty()) {
                return head.toString();
            }
            head.append(line).append("\r\n");
        }
    }

    private String readLine() throws Exception {
        StringBuilder line = new StringBuilder();
        while (true) {
            byte b = next();
            if (b == '\n') {
                int n = line.length();
                return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
            }
            line.append((char) b);
        }
    }

    private void skip(int bytes) throws Exception {
        for (int i = 0; i < bytes; i++) {
            next();
        }
    }

    private byte next() throws Exception {
        if (!in.hasRemaining()) {
            in.clear();
            if (channel.read(in) < 0) {
                throw new EOFException("server closed the connection");
            }
            in.flip();
        }
        return in.get();
    }
}
