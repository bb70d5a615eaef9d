package dev.udsotel.agent.instrumentation.shed;

import io.opentelemetry.api.metrics.Meter;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * How many exchanges the application threads should record while the export thread is over its CPU budget: one in
 * every {@link #keepOneIn()}, chosen per connection where an exchange begins, the others not recorded at all. The
 * export thread sets the rate; application threads only read it, so it costs them one read of a line that rarely
 * changes. Every exchange not recorded is counted: by its channel while it is open (a plain count, by the one thread
 * that sheds on it), here once it closes.
 */
public final class ExchangeShedding {
    private volatile int keepOneIn = 1;
    private final LongAdder shedOnClosedChannels = new LongAdder();
    private volatile LongSupplier shedOnOpenChannels = () -> 0;

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

    public void channelClosed(long shedOnIt) {
        if (shedOnIt > 0) {
            shedOnClosedChannels.add(shedOnIt);
        }
    }

    public void countOpenChannelsWith(LongSupplier openChannels) {
        shedOnOpenChannels = openChannels;
    }

    /** Exchanges the application threads did not record. */
    public long shed() {
        return shedOnClosedChannels.sum() + shedOnOpenChannels.getAsLong();
    }

    /**
     * Reports {@link #shed()} as the metric {@code uds.exchange.shed}: these exchanges never reach the duration
     * metrics, so their count plus the duration metrics' counts is every exchange.
     */
    public void countIn(Meter meter) {
        meter.counterBuilder("uds.exchange.shed")
                .setUnit("{exchange}")
                .setDescription(
                        "Exchanges the agent did not record at all, to keep its export thread within export.cpu.")
                .buildWithCallback(counter -> {
                    long shed = shed();
                    if (shed > 0) { // no point, and no export at all from an agent that saw nothing
                        counter.record(shed);
                    }
                });
    }
}
