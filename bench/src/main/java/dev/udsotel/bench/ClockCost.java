package dev.udsotel.bench;

/**
 * The price of one {@code System.nanoTime()} here: the advice takes one or two per call, and on a virtual machine's
 * clock source (kvm-clock) it is a sizeable part of the recorder's cost. Median of 5 runs of 20 million calls.
 */
public final class ClockCost {
    private ClockCost() {}

    public static void main(String[] args) {
        int calls = 20_000_000;
        double[] ns = new double[5];
        long sink = 0;
        for (int run = 0; run < ns.length; run++) {
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += System.nanoTime();
            }
            ns[run] = (System.nanoTime() - start) / (double) calls;
        }
        java.util.Arrays.sort(ns);
        System.out.printf(
                "System.nanoTime: %.1f ns per call (median of %d runs)%s%n", ns[2], ns.length, sink == 42 ? " " : "");
    }
}
