package dev.udsotel.sidecar.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: measures a python3 UDS ping-pong (256-byte messages over a socketpair, two processes)
 * with and without the capture running, and prints the throughput ratio.
 * Run as root: {@code java --enable-native-access=ALL-UNNAMED -cp <classes> dev.udsotel.sidecar.capture.CaptureOverhead [roundTrips] [rounds]}
 */
public final class CaptureOverhead {
    private static final String PING_PONG = """
            import os, socket, sys, time
            n = int(sys.argv[1]); msg = b'x' * 256
            a, b = socket.socketpair()
            if os.fork() == 0:
                a.close()
                while True:
                    m = b.recv(4096)
                    if not m: os._exit(0)
                    b.sendall(m)
            b.close()
            t = time.perf_counter()
            for _ in range(n):
                a.sendall(msg)
                got = 0
                while got < 256: got += len(a.recv(4096))
            print(n / (time.perf_counter() - t))
            """;

    public static void main(String[] args) throws Exception {
        int roundTrips = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        double plainSum = 0;
        double tracedSum = 0;
        for (int round = 0; round < rounds; round++) {
            double plain = pingPong(roundTrips);
            double traced;
            AtomicLong events = new AtomicLong();
            AtomicBoolean running = new AtomicBoolean(true);
            try (UdsCapture capture = UdsCapture.start(CaptureConfig.defaults())) {
                Thread reader = Thread.ofPlatform().start(() -> {
                    while (running.get()) {
                        capture.poll(e -> events.incrementAndGet(), Duration.ofMillis(50));
                    }
                });
                traced = pingPong(roundTrips);
                running.set(false);
                reader.join();
                System.out.printf("round %d: plain %.0f rt/s, traced %.0f rt/s, ratio %.2f (%d events, %d kernel drops)%n",
                        round, plain, traced, traced / plain, events.get(), capture.kernelDrops());
            }
            plainSum += plain;
            tracedSum += traced;
        }
        System.out.printf("mean ratio traced/plain: %.2f%n", tracedSum / plainSum);
    }

    private static double pingPong(int roundTrips) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", PING_PONG, Integer.toString(roundTrips)).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        return Double.parseDouble(out);
    }
}
