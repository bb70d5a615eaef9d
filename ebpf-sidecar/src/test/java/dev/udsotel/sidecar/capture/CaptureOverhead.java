package dev.udsotel.sidecar.capture;

import dev.udsotel.sidecar.bpf.UdsProbe;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.SystemPython;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: measures a python3 UDS ping-pong (256-byte messages over a socketpair, two processes)
 * plain, with only the probe attached (records consumed, not decoded), and with the full capture
 * decoding into IoEvents; prints the throughput ratios and the reader's CPU cost per record.
 * With PING_PONG_OVER=pipe in the environment the ping-pong uses pipes: the cost the probe puts on
 * processes that do not use Unix sockets. With a cgroup v2 directory as third argument, the ping-pong runs in it and only that cgroup is captured
 * (other traffic on a shared machine then costs the reader nothing).
 * Run as root: {@code java --enable-native-access=ALL-UNNAMED -cp <classes> dev.udsotel.sidecar.capture.CaptureOverhead [roundTrips] [rounds] [cgroupDir]}
 */
public final class CaptureOverhead {
    private static final String PING_PONG = """
            import os, resource, socket, sys, time
            n = int(sys.argv[1]); msg = b'x' * 256
            if os.environ.get('PING_PONG_OVER') == 'pipe':  # not a socket: what the probe costs everyone else
                r1, w1 = os.pipe(); r2, w2 = os.pipe()
                send_a, recv_a, send_b, recv_b = (lambda m: os.write(w1, m)), (lambda: os.read(r2, 4096)), \
                    (lambda m: os.write(w2, m)), (lambda: os.read(r1, 4096))
            else:
                a, b = socket.socketpair()
                send_a, recv_a, send_b, recv_b = a.send, (lambda: a.recv(4096)), b.send, (lambda: b.recv(4096))
            if os.fork() == 0:
                while True:
                    m = recv_b()
                    if m == b'q': os._exit(0)
                    send_b(m)
            t = time.perf_counter()
            for _ in range(n):
                send_a(msg)
                got = 0
                while got < 256: got += len(recv_a())
            elapsed = time.perf_counter() - t
            send_a(b'q'); os.wait()
            cpu = sum(resource.getrusage(w).ru_utime + resource.getrusage(w).ru_stime
                      for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
            print(n / elapsed, cpu * 1e6 / n)
            """;

    private static java.nio.file.Path cgroup;

    private interface Reader {
        int pollOnce(AtomicLong records);
    }

    public static void main(String[] args) throws Exception {
        int roundTrips = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        double[] probeRatios = new double[rounds];
        double[] captureRatios = new double[rounds];
        double plainSum = 0;
        double plainCpu = 0;
        double probeCpu = 0;
        double captureCpu = 0;
        double probeSum = 0;
        double captureSum = 0;
        CaptureConfig config = CaptureConfig.defaults();
        if (args.length > 2) {
            cgroup = java.nio.file.Path.of(args[2]);
            java.nio.file.Files.createDirectories(cgroup);
            config = config.withCgroup(cgroup);
        }
        for (int round = 0; round < rounds; round++) {
            double[] plainRun = pingPong(roundTrips);
            double plain = plainRun[0];
            plainCpu += plainRun[1];
            double[] probeOnly;
            try (UdsProbe probe = UdsProbe.load(config.probeConfig())) {
                probeOnly = traced(
                        roundTrips,
                        "probe only",
                        records -> probe.poll(r -> records.incrementAndGet(), 50),
                        probe::kernelDrops,
                        plain);
            }
            double[] capture;
            try (UdsCapture c = UdsCapture.start(config)) {
                capture = traced(
                        roundTrips,
                        "capture",
                        records -> c.poll((raw, e) -> records.incrementAndGet(), Duration.ofMillis(50)),
                        c::kernelDrops,
                        plain);
            }
            System.out.printf("round %d: plain %.0f rt/s, %.1f us cpu/rt%n", round, plain, plainRun[1]);
            probeRatios[round] = probeOnly[0] / plain;
            captureRatios[round] = capture[0] / plain;
            plainSum += plain;
            probeSum += probeOnly[0];
            captureSum += capture[0];
            probeCpu += probeOnly[1];
            captureCpu += capture[1];
        }
        System.out.printf(
                "throughput ratio (sum of rounds): probe only %.2f, full capture %.2f%n",
                probeSum / plainSum, captureSum / plainSum);
        System.out.printf(
                "throughput ratio (median round): probe only %.2f, full capture %.2f%n",
                median(probeRatios), median(captureRatios));
        System.out.printf(
                "ping-pong cpu per round trip (4 traced syscalls): plain %.1f us, probe %.1f us, capture %.1f us%n",
                plainCpu / rounds, probeCpu / rounds, captureCpu / rounds);
    }

    private static double[] traced(
            int roundTrips, String label, Reader reader, java.util.function.LongSupplier drops, double plain)
            throws Exception {
        AtomicLong records = new AtomicLong();
        AtomicLong cpu = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread thread = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                reader.pollOnce(records);
            }
            cpu.set(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
        });
        double[] traced = pingPong(roundTrips);
        running.set(false);
        thread.join();
        System.out.printf(
                "  %-10s %.0f rt/s, ratio %.2f, %.1f us cpu/rt, %d records, %d kernel drops, reader %.0f ns cpu/record%n",
                label,
                traced[0],
                traced[0] / plain,
                traced[1],
                records.get(),
                drops.getAsLong(),
                (double) cpu.get() / Math.max(1, records.get()));
        return traced;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** Round trips per second, and the two python processes' CPU microseconds per round trip. */
    private static double[] pingPong(int roundTrips) {
        ChildProcess.Builder pingPong = ChildProcess.command(
                        SystemPython.PATH, "-c", PING_PONG, Integer.toString(roundTrips))
                .name("ping-pong");
        if (cgroup != null) {
            pingPong.inCgroup(cgroup);
        }
        String out = pingPong.run(Duration.ofHours(1)).assertSuccess().stdout().trim();
        String[] fields = out.split("\\s+");
        return new double[] {Double.parseDouble(fields[0]), Double.parseDouble(fields[1])};
    }
}
