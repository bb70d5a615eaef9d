package dev.udsotel.bench;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link SpanCostWorkload} on this build of core and on an older one, side by side in one JVM: each build gets a
 * class loader of its own (core, the SDK and the workload), and short slices of the two alternate, so both see the
 * same load on a shared machine. Prints, per payload kind, the median nanoseconds per span of each build, in wall
 * time and in this thread's CPU time, and the median of the per-round ratios new / old.
 * {@code SpanCostAB <older uds-otel-core jar> <kinds, comma-separated> [rounds] [slice ms]}
 */
public final class SpanCostAB {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        File oldCore = new File(args[0]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        long sliceNanos = (args.length > 3 ? Long.parseLong(args[3]) : 200) * 1_000_000L;
        List<URL> shared = new ArrayList<>();
        URL newCore = null;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            URL url = new File(entry).toURI().toURL();
            if (new File(entry).getName().startsWith("uds-otel-core")) {
                newCore = url;
            } else {
                shared.add(url);
            }
        }
        if (newCore == null) {
            throw new IllegalStateException("no uds-otel-core jar on the class path");
        }
        ClassLoader newBuild = loader(shared, newCore);
        ClassLoader oldBuild = loader(shared, oldCore.toURI().toURL());
        System.out.printf(
                "%-8s %12s %12s %9s %12s %12s %9s%n",
                "kind", "new ns/span", "old ns/span", "new/old", "new cpu ns", "old cpu ns", "cpu ratio");
        for (String kind : args[1].split(",")) {
            try (AutoCloseable newer = workload(newBuild, kind);
                    AutoCloseable older = workload(oldBuild, kind)) {
                Runnable a = (Runnable) newer;
                Runnable b = (Runnable) older;
                for (int i = 0; i < 5; i++) {
                    slice(a, sliceNanos);
                    slice(b, sliceNanos);
                }
                double[] wallNew = new double[rounds],
                        wallOld = new double[rounds],
                        cpuNew = new double[rounds],
                        cpuOld = new double[rounds],
                        wallRatio = new double[rounds],
                        cpuRatio = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    double[] x;
                    double[] y;
                    if (r % 2 == 0) {
                        x = slice(a, sliceNanos);
                        y = slice(b, sliceNanos);
                    } else {
                        y = slice(b, sliceNanos);
                        x = slice(a, sliceNanos);
                    }
                    wallNew[r] = x[0];
                    cpuNew[r] = x[1];
                    wallOld[r] = y[0];
                    cpuOld[r] = y[1];
                    wallRatio[r] = x[0] / y[0];
                    cpuRatio[r] = x[1] / y[1];
                }
                System.out.printf(
                        "%-8s %12.0f %12.0f %9.3f %12.0f %12.0f %9.3f%n",
                        kind,
                        median(wallNew),
                        median(wallOld),
                        median(wallRatio),
                        median(cpuNew),
                        median(cpuOld),
                        median(cpuRatio));
            }
        }
    }

    private static ClassLoader loader(List<URL> shared, URL core) {
        List<URL> urls = new ArrayList<>(shared);
        urls.add(core);
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    private static AutoCloseable workload(ClassLoader build, String kind) throws Exception {
        return (AutoCloseable) build.loadClass(SpanCostWorkload.class.getName())
                .getConstructor(String.class, int.class)
                .newInstance(kind, 256);
    }

    /** Wall and CPU nanoseconds per span over one slice of round trips. */
    private static double[] slice(Runnable roundTrip, long nanos) {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long began = System.nanoTime();
        long end = began + nanos;
        long trips = 0;
        do {
            for (int i = 0; i < 100; i++) {
                roundTrip.run();
            }
            trips += 100;
        } while (System.nanoTime() < end);
        double spans = SpanCostWorkload.SPANS_PER_ROUND_TRIP * (double) trips;
        return new double[] {(System.nanoTime() - began) / spans, (THREADS.getCurrentThreadCpuTime() - cpu) / spans};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
