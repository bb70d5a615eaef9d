package dev.udsotel.sidecar.capture;

import dev.udsotel.sidecar.bpf.UdsProbe;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: measures a python3 UDS ping-pong (256-byte messages over a socketpair, two processes)
 * plain, with only the probe attached (records consumed, not decoded), and with the full capture
 * decoding into IoEvents; prints the throughput ratios and the reader's CPU cost per record.
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

    private interface Reader {
        int pollOnce(AtomicLong records);
    }

    public static void main(String[] args) throws Exception {
        int roundTrips = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        double plainSum = 0;
        double probeSum = 0;
        double captureSum = 0;
        CaptureConfig config = CaptureConfig.defaults();
        for (int round = 0; round < rounds; round++) {
            double plain = pingPong(roundTrips);
            double probeOnly;
            try (UdsProbe probe = UdsProbe.load(config.probeConfig())) {
                probeOnly = traced(roundTrips, "probe only", records -> probe.poll(r -> records.incrementAndGet(), 50),
                        probe::kernelDrops, plain);
            }
            double capture;
            try (UdsCapture c = UdsCapture.start(config)) {
                capture = traced(roundTrips, "capture", records -> c.pollRaw((raw, e) -> records.incrementAndGet(),
                        Duration.ofMillis(50)), c::kernelDrops, plain);
            }
            System.out.printf("round %d: plain %.0f rt/s%n", round, plain);
            plainSum += plain;
            probeSum += probeOnly;
            captureSum += capture;
        }
        System.out.printf("mean ratio: probe only %.2f, full capture %.2f%n", probeSum / plainSum, captureSum / plainSum);
    }

    private static double traced(int roundTrips, String label, Reader reader, java.util.function.LongSupplier drops,
            double plain) throws Exception {
        AtomicLong records = new AtomicLong();
        AtomicLong cpu = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread thread = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                reader.pollOnce(records);
            }
            cpu.set(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
        });
        double traced = pingPong(roundTrips);
        running.set(false);
        thread.join();
        System.out.printf("  %-10s %.0f rt/s, ratio %.2f, %d records, %d kernel drops, reader %.0f ns cpu/record%n",
                label, traced, traced / plain, records.get(), drops.getAsLong(), (double) cpu.get() / Math.max(1, records.get()));
        return traced;
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
