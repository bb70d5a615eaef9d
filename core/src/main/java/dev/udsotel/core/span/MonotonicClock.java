package dev.udsotel.core.span;

import java.time.Instant;

/**
 * Converts CLOCK_MONOTONIC nanoseconds (System.nanoTime, bpf_ktime_get_ns) to epoch nanoseconds.
 * The wall clock can jump, so the offset is re-anchored on every {@link #refresh()}.
 */
public final class MonotonicClock {
    private volatile long offsetNanos;

    public MonotonicClock() {
        refresh();
    }

    public void refresh() {
        Instant now = Instant.now();
        long mono = System.nanoTime();
        offsetNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano() - mono;
    }

    public long toEpochNanos(long monotonicNanos) {
        return monotonicNanos + offsetNanos;
    }
}
