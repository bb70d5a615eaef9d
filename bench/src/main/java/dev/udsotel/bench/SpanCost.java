package dev.udsotel.bench;

/**
 * The workload of {@link SpanCostBenchmark} in a plain loop, for profilers such as JFR
 * ({@code -XX:StartFlightRecording=settings=profile}): prints nanoseconds per span and per event each round.
 * {@code SpanCost <payload: letters|binary|http|redis> <bytes captured> <seconds> [rounds]}
 */
public final class SpanCost {
    public static void main(String[] args) {
        double seconds = Double.parseDouble(args[2]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        try (SpanCostWorkload workload = new SpanCostWorkload(args[0], Integer.parseInt(args[1]))) {
            for (int r = 0; r <= rounds; r++) { // round 0 warms up
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
                    System.out.printf("round %d: %.0f ns per span, %.0f ns per event, %.0f spans/s%n", r,
                            nanos / spans, nanos / (2 * spans), spans / (nanos / 1e9));
                }
            }
        }
    }
}
