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

    public EventQueue(int capacity) {
        int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        this.slots = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
    }

    /** Called by any application thread. */
    void offer(IoEvent event) {
        long claimed;
        do {
            claimed = tail.get();
            if (claimed - head > mask) {
                dropped.increment();
                return;
            }
        } while (!tail.compareAndSet(claimed, claimed + 1));
        slots.lazySet((int) claimed & mask, event);
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

    public long dropped() {
        return dropped.sum();
    }
}
