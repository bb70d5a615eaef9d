package dev.udsotel.agent.instrumentation.record;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.IoEvent;
import java.util.Collection;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bounded hand-off from application threads to the export thread. Producers never lock and never wake the
 * consumer (a wake-up per event costs a system call on the application's thread); the consumer drains on its own
 * schedule. A full queue drops the event and counts the drop.
 *
 * <p>The capacity is split over a few stripes, each its own ring, and a thread always offers to the same stripe: a
 * thread's events stay in order, and application threads on different stripes never write the same cache line.
 * Across stripes the consumer sees events out of order; the export thread puts them back in order by time.
 */
public final class EventQueue {
    private static final int MAX_STRIPES = 16;
    private static final int MIN_STRIPE_CAPACITY = 16;
    private static final int MAX_CLOSED_AFTER_LOSS = 65_536;

    private final StripeRing[] stripes;
    private final int stripeMask;
    private final int capacity;
    private final LongAdder dropped = new LongAdder();
    /** Where the consumer starts its next drain, so no stripe is always served last. */
    private int nextStripe;
    /** Connections closed while the queue was too full to say so; the export thread closes them when it is idle. */
    private final Queue<Connection> closedAfterLoss = new ConcurrentLinkedQueue<>();

    private final AtomicInteger closedAfterLossCount = new AtomicInteger();

    /** A queue of about {@code capacity} events, striped for the machine's processors. */
    public EventQueue(int capacity) {
        this(capacity, Runtime.getRuntime().availableProcessors() * 2);
    }

    /** A queue of about {@code capacity} events (rounded up to powers of two) over at most {@code stripes} rings. */
    public EventQueue(int capacity, int stripes) {
        int count = Math.min(MAX_STRIPES, powerOfTwoAtLeast(Math.max(1, stripes)));
        while (count > 1 && capacity / count < MIN_STRIPE_CAPACITY) {
            count >>= 1;
        }
        int perStripe = powerOfTwoAtLeast(Math.max(2, (capacity + count - 1) / count));
        this.stripes = new StripeRing[count];
        for (int i = 0; i < count; i++) {
            this.stripes[i] = new StripeRing(perStripe);
        }
        this.stripeMask = count - 1;
        this.capacity = count * perStripe;
    }

    /** Whether the calling thread's stripe has room for at least one event now; check before doing work for one. */
    boolean hasRoom() {
        return stripe().hasRoom();
    }

    /** Called by any application thread; false when the event was dropped (and counted). */
    boolean offer(IoEvent event) {
        if (stripe().offer(event)) {
            return true;
        }
        dropped.increment();
        return false;
    }

    /** An event given up without being offered: no room, or the marker that had to precede it did not fit. */
    void countDropped() {
        dropped.increment();
    }

    /**
     * Called by the export thread only: moves up to {@code max} events, each stripe's in the order they were offered.
     * Every stripe is drained up to the events it held when the drain reached it.
     */
    public int drainTo(Collection<IoEvent> into, int max) {
        int moved = 0;
        int start = nextStripe;
        for (int i = 0; i < stripes.length && moved < max; i++) {
            moved += stripes[(start + i) & stripeMask].drainTo(into, max - moved);
        }
        nextStripe = (start + 1) & stripeMask;
        return moved;
    }

    /** Events offered since the queue was made, dropped ones included; not for the hot path. */
    public long offered() {
        long offered = dropped.sum();
        for (StripeRing stripe : stripes) {
            offered += stripe.claimed();
        }
        return offered;
    }

    /** How many events the queue holds at most. */
    public int capacity() {
        return capacity;
    }

    int stripes() {
        return stripes.length;
    }

    void closedAfterLoss(Connection connection) {
        if (closedAfterLossCount.incrementAndGet() <= MAX_CLOSED_AFTER_LOSS) {
            closedAfterLoss.add(connection);
        } else {
            closedAfterLossCount.decrementAndGet();
        }
    }

    /** The next connection closed during a loss, or null. Call only once every queued event was processed. */
    public Connection pollClosedAfterLoss() {
        Connection connection = closedAfterLoss.poll();
        if (connection != null) {
            closedAfterLossCount.decrementAndGet();
        }
        return connection;
    }

    public long dropped() {
        return dropped.sum();
    }

    private StripeRing stripe() {
        // a thread's id is fixed for its life, so it always lands on the same stripe; ids are sequential, so spread
        // them
        long id = Thread.currentThread().getId();
        return stripes[(int) ((id * 0x9E3779B97F4A7C15L) >>> 40) & stripeMask];
    }

    private static int powerOfTwoAtLeast(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }
}
