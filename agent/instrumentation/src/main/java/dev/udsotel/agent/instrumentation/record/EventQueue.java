package dev.udsotel.agent.instrumentation.record;

import dev.udsotel.core.event.IoEvent;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bounded hand-off from application threads to the export thread. Producers never lock and never wake the
 * consumer (a wake-up per event costs a system call on the application's thread); the consumer drains on its own
 * schedule. A full queue drops the event and counts the drop.
 */
public final class EventQueue {
    private final AtomicReferenceArray<IoEvent> slots;
    private final int mask;
    private final AtomicLong tail = new AtomicLong();
    private final LongAdder dropped = new LongAdder();
    private volatile long head;
    /** Connections closed while the queue was too full to say so; the export thread closes them when it is idle. */
    private final java.util.Queue<dev.udsotel.core.event.Connection> closedAfterLoss =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger closedAfterLossCount = new java.util.concurrent.atomic.AtomicInteger();
    private static final int MAX_CLOSED_AFTER_LOSS = 65_536;

    public EventQueue(int capacity) {
        int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        this.slots = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
    }

    /** Called by any application thread; false when the event was dropped. */
    boolean offer(IoEvent event) {
        long claimed;
        do {
            claimed = tail.get();
            if (claimed - head > mask) {
                dropped.increment();
                return false;
            }
        } while (!tail.compareAndSet(claimed, claimed + 1));
        slots.lazySet((int) claimed & mask, event);
        return true;
    }

    /** An event given up without being offered, because the marker that had to precede it did not fit. */
    void countDropped() {
        dropped.increment();
    }

    /** Called by the export thread only: moves up to {@code max} events, in the order they were claimed. */
    public int drainTo(Collection<IoEvent> into, int max) {
        long next = head;
        int moved = 0;
        while (moved < max) {
            int index = (int) next & mask;
            IoEvent event = slots.get(index);
            if (event == null) {
                break;
            }
            slots.lazySet(index, null);
            into.add(event);
            next++;
            moved++;
        }
        head = next;
        return moved;
    }

    void closedAfterLoss(dev.udsotel.core.event.Connection connection) {
        if (closedAfterLossCount.incrementAndGet() <= MAX_CLOSED_AFTER_LOSS) {
            closedAfterLoss.add(connection);
        } else {
            closedAfterLossCount.decrementAndGet();
        }
    }

    /** The next connection closed during a loss, or null. Call only once every queued event was processed. */
    public dev.udsotel.core.event.Connection pollClosedAfterLoss() {
        var connection = closedAfterLoss.poll();
        if (connection != null) {
            closedAfterLossCount.decrementAndGet();
        }
        return connection;
    }

    public long dropped() {
        return dropped.sum();
    }
}
