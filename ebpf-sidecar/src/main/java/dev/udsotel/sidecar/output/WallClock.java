package dev.udsotel.sidecar.output;

/**
 * Turns CLOCK_MONOTONIC nanoseconds (what the kernel stamps) into wall-clock nanoseconds since the epoch.
 * The offset is re-measured now and then because the wall clock can be stepped while we run.
 */
public final class WallClock {
    private static final long REFRESH_NANOS = 1_000_000_000L;
    private volatile long offset;
    private volatile long measuredAt;

    public WallClock() {
        refresh();
    }

    /** Uses the offset measured at the last {@link #refreshIfStale()}: no clock read per event. */
    public long toEpochNanos(long monotonicNanos) {
        return monotonicNanos + offset;
    }

    /** Re-measures the offset when it is older than a second; call it once per batch of events. */
    public void refreshIfStale() {
        if (System.nanoTime() - measuredAt > REFRESH_NANOS) {
            refresh();
        }
    }

    private void refresh() {
        java.time.Instant now = java.time.Instant.now();
        long mono = System.nanoTime();
        offset = now.getEpochSecond() * 1_000_000_000L + now.getNano() - mono;
        measuredAt = mono;
    }
}
