package dev.udsotel.agent.instrumentation.record;

import java.util.concurrent.atomic.LongAdder;

/**
 * How many exchanges the application threads should record while the export thread is over its CPU budget: one in
 * every {@link #keepOneIn()}, chosen per connection where an exchange begins, the others not recorded at all. The
 * export thread sets the rate; application threads only read it, so it costs them one read of a line that rarely
 * changes. Every exchange not recorded is counted.
 */
public final class ExchangeShedding {
    private volatile int keepOneIn = 1;
    private final LongAdder shed = new LongAdder();

    /** 1 keeps every exchange. */
    public int keepOneIn() {
        return keepOneIn;
    }

    public void keepOneIn(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("keep one in " + n);
        }
        if (n != keepOneIn) {
            keepOneIn = n;
        }
    }

    void countShed() {
        shed.increment();
    }

    /** Exchanges the application threads did not record. */
    public long shed() {
        return shed.sum();
    }
}
