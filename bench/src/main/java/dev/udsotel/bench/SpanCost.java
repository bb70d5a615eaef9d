package dev.udsotel.bench;

/**
 * The workload of {@link SpanCostBenchmark} in a plain loop, for profilers such as JFR
 * ({@code -XX:StartFlightRecording=settings=profile}): prints nanoseconds per span and per event each round.
 * {@code SpanCost <payload: letters|binary|http|redis> <bytes captured> <seconds> [rounds]}
 *
 * <p>With an exporter configured (OTEL_TRACES_EXPORTER=otlp ...) it ends with one line of CPU time after the warm-up:
 * the building thread's per exchange (every exchange is decoded and counted in the metrics; it becomes a span when
 * the SDK's queue has room, else it is shed), the other threads' (the SDK's batch processor and OTLP exporter, GC,
 * JIT) per span delivered, and the counts.
 */
public final class SpanCost {
    public static void main(String[] args) {
        double seconds = Double.parseDouble(args[2]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long threadCpu0 = 0;
        long processCpu0 = 0;
        long exchanges = 0;
        long exported0 = 0;
        long shed0 = 0;
        SpanCostWorkload workload = new SpanCostWorkload(args[0], Integer.parseInt(args[1]));
        try (workload) {
            for (int r = 0; r <= rounds; r++) { // round 0 warms up
                if (r == 1) {
                    threadCpu0 = threads.getCurrentThreadCpuTime();
                    processCpu0 = os.getProcessCpuTime();
                    exported0 = workload.counts().exportedSpans();
                    shed0 = workload.counts().shedForRoom();
                }
                long began = System.nanoTime();
                long end = began + (long) (seconds * 1e9);
                long trips = 0;
                while (System.nanoTime() < end) {
                    for (int i = 0; i < 1000; i++) {
                        workload.roundTrip();
                    }
                    trips += 1000;
                }
                double nanos = System.nanoTime() - began;
                long spans = SpanCostWorkload.SPANS_PER_ROUND_TRIP * trips;
                if (r > 0) {
                    exchanges += spans;
                    System.out.printf(
                            "round %d: %.0f ns per span, %.0f ns per event, %.0f spans/s%n",
                            r, nanos / spans, nanos / (2 * spans), spans / (nanos / 1e9));
                }
            }
        }
        long threadCpu = threads.getCurrentThreadCpuTime() - threadCpu0;
        long others = os.getProcessCpuTime() - processCpu0 - threadCpu;
        var counts = workload.counts();
        long exported = counts.exportedSpans() - exported0;
        if (counts.endedSpans() > 0) {
            System.out.printf(
                    "building thread %.0f ns CPU per exchange (%d exchanges, %d shed for room in the SDK's queue);"
                            + " other threads %.0f ns CPU per span delivered (%d delivered, %d failed, %d dropped or pending)%n",
                    (double) threadCpu / exchanges,
                    exchanges,
                    counts.shedForRoom() - shed0,
                    exported == 0 ? Double.NaN : (double) others / exported,
                    exported,
                    counts.failedSpans(),
                    counts.unaccountedSpans());
        }
    }
}
