package dev.udsotel.sidecar.cli;

import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.SystemPython;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Not a test: what the real uds-trace costs a python3 UDS ping-pong (256-byte messages over a socketpair, two
 * processes). Rounds alternate untraced and traced runs side by side, for each of: host-wide capture, --pid of the
 * ping-pong's parent, and --cgroup holding the ping-pong. Prints the median traced/untraced throughput ratio.
 * Run as root: {@code java --enable-native-access=ALL-UNNAMED -cp <test class path> dev.udsotel.sidecar.cli.CliOverhead [roundTrips] [rounds] [host-wide,pid,cgroup]}
 */
public final class CliOverhead {
    private static final String PING_PONG = """
            import os, socket, sys, time
            n = int(sys.argv[1]); msg = b'x' * 256
            a, b = socket.socketpair()
            if os.fork() == 0:
                while True:
                    m = b.recv(4096)
                    if m == b'q': os._exit(0)
                    b.send(m)
            print(os.getpid(), flush=True)
            sys.stdin.readline()
            t = time.perf_counter()
            for _ in range(n):
                a.send(msg)
                got = 0
                while got < 256: got += len(a.recv(4096))
            elapsed = time.perf_counter() - t
            a.send(b'q'); os.wait()
            print(n / elapsed, flush=True)
            """;

    public static void main(String[] args) throws Exception {
        int roundTrips = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("cli-overhead");
        Path hierarchy = Files.isRegularFile(Path.of("/sys/fs/cgroup/unified/cgroup.controllers"))
                ? Path.of("/sys/fs/cgroup/unified")
                : Path.of("/sys/fs/cgroup");
        Path cgroup = hierarchy.resolve(
                "uds-trace-overhead-" + ProcessHandle.current().pid());
        Files.createDirectories(cgroup);
        try {
            List<String> modes = args.length > 2 ? List.of(args[2].split(",")) : List.of("host-wide", "pid", "cgroup");
            for (String mode : modes) {
                double[] ratios = new double[rounds];
                for (int round = 0; round < rounds; round++) {
                    double plain = run(roundTrips, null, null, dir, cgroup);
                    double traced = run(roundTrips, mode, mode.equals("cgroup") ? cgroup : null, dir, cgroup);
                    ratios[round] = traced / plain;
                    System.out.printf(
                            "%-9s round %d: untraced %.0f rt/s, traced %.0f rt/s, ratio %.3f%n",
                            mode, round, plain, traced, ratios[round]);
                }
                Arrays.sort(ratios);
                System.out.printf(
                        "%-9s median ratio %.3f (min %.3f, max %.3f)%n",
                        mode, ratios[rounds / 2], ratios[0], ratios[rounds - 1]);
            }
        } finally {
            Thread.sleep(500); // the last ping-pong's processes leave the cgroup as they are reaped
            Files.deleteIfExists(cgroup);
        }
    }

    /** User plus system CPU of a process, in clock ticks (1/100 s on Linux). */
    private static long cpuTicks(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** Round trips per second of one ping-pong, traced by uds-trace in {@code mode} when it is not null. */
    private static double run(int roundTrips, String mode, Path cgroupFilter, Path dir, Path cgroup) throws Exception {
        ChildProcess pingPong = ChildProcess.command(SystemPython.PATH, "-c", PING_PONG, Integer.toString(roundTrips))
                .name("ping-pong")
                .inCgroup(cgroup)
                .startInteractive();
        String pid = Long.toString(pingPong.pid()); // the shell that joined the cgroup became python3
        pingPong.awaitOutput(pid, Duration.ofSeconds(60)); // forked, and waiting for the go

        UdsTraceProcess cli = null;
        try {
            if (mode != null) {
                List<String> flags = new ArrayList<>(List.of("-q", "--no-export", "--status-interval", "1"));
                if (mode.equals("pid")) {
                    flags.addAll(List.of("--pid", pid));
                } else if (cgroupFilter != null) {
                    flags.addAll(List.of("--cgroup", cgroupFilter.toString()));
                }
                UdsTraceProcess started = UdsTraceProcess.start(
                        dir, Map.of("OTEL_TRACES_EXPORTER", "none"), List.of(), flags.toArray(String[]::new));
                cli = started;
                Commands.await(
                        () -> started.stderr().contains("capturing AF_UNIX traffic") || !started.isAlive(), "start");
            }
            long cpuBefore = cli == null ? 0 : cpuTicks(cli.pid());
            OutputStream go = pingPong.stdin();
            go.write('\n');
            go.flush();
            pingPong.waitFor(Duration.ofHours(1));
            List<String> lines = pingPong.stdout().strip().lines().toList();
            double rate = Double.parseDouble(lines.get(lines.size() - 1).trim());
            if (cli != null) {
                UdsTraceProcess running = cli;
                Commands.await(
                        () -> CaptureCounts.latestProgress(running.stderr()).messages() > 0
                                || running.stderr().contains("dropped by the kernel"),
                        "a progress line");
                Thread.sleep(1500); // the reader catches up with what is pending
                long cpu = cpuTicks(cli.pid()) - cpuBefore;
                cli.terminate();
                CaptureCounts summary = CaptureCounts.summary(cli.stderr());
                System.out.printf(
                        "    %d messages, %d kernel drops, %d user drops; uds-trace cpu %.0f ms, %.0f ns per message%n",
                        summary.messages(),
                        summary.kernelDrops(),
                        summary.userDrops(),
                        cpu * 10.0,
                        cpu * 10_000_000.0 / Math.max(1, summary.messages()));
            }
            return rate;
        } finally {
            if (cli != null) {
                cli.close();
            }
            pingPong.close();
        }
    }
}
