package dev.udsotel.core.conversation;

import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Puts events back in the order they happened before the tracker sees them. Producers hand events over in the order
 * they finish recording them, which is not always the order of the calls: a client's write and its read run on two
 * threads, and the read's event can arrive first (likewise the kernel's ring buffer orders by syscall exit). Events
 * wait for a short window and leave ordered by when their bytes moved: a send when it began, a receive when it
 * returned. Used by one thread.
 */
public final class CausalOrder {
    /**
     * How long both pillars let events wait: application threads, and the kernel's ring buffer, hand them over in the
     * order they finish recording them, within milliseconds of the calls.
     */
    public static final long WINDOW_NANOS = 20_000_000L;

    private final long windowNanos;
    private final PriorityQueue<Waiting> waiting = new PriorityQueue<>();
    private long sequence;

    public CausalOrder() {
        this(WINDOW_NANOS);
    }

    public CausalOrder(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    public void add(IoEvent event) {
        waiting.add(new Waiting(momentOf(event), sequence++, event));
    }

    /** Hands on, in order, the events that happened more than the window before {@code nowNanos}. */
    public void release(long nowNanos, Consumer<IoEvent> next) {
        long horizon = nowNanos - windowNanos;
        while (!waiting.isEmpty() && waiting.peek().moment <= horizon) {
            next.accept(waiting.poll().event);
        }
    }

    public void releaseAll(Consumer<IoEvent> next) {
        while (!waiting.isEmpty()) {
            next.accept(waiting.poll().event);
        }
    }

    public int size() {
        return waiting.size();
    }

    static long momentOf(IoEvent event) {
        return event.kind() == EventKind.RECEIVE ? event.endNanos() : event.startNanos();
    }

    private record Waiting(long moment, long sequence, IoEvent event) implements Comparable<Waiting> {
        @Override
        public int compareTo(Waiting other) {
            int byTime = Long.compare(moment, other.moment);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }
}
