package dev.udsotel.agent.instrumentation.record;

import dev.udsotel.core.event.IoEvent;
import java.util.Collection;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/** The bounded hand-off from application threads to the export thread. A full queue drops, and counts the drop. */
public final class EventQueue {
    private final ArrayBlockingQueue<IoEvent> events;
    private final LongAdder dropped = new LongAdder();

    public EventQueue(int capacity) {
        this.events = new ArrayBlockingQueue<>(capacity);
    }

    void offer(IoEvent event) {
        if (!events.offer(event)) {
            dropped.increment();
        }
    }

    public IoEvent poll(long timeoutMillis) throws InterruptedException {
        return events.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    public int drainTo(Collection<IoEvent> into, int max) {
        return events.drainTo(into, max);
    }

    public long dropped() {
        return dropped.sum();
    }
}
