package dev.udsotel.agent.instrumentation.record;

import dev.udsotel.core.event.IoEvent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One stripe of the {@link EventQueue}: a bounded ring for a few producer threads and the one consumer. The
 * producers' {@code tail} and the consumer's {@code head} sit on separate cache lines, and producers read the
 * consumer's line only when their cached copy of {@code head} says the ring looks full.
 */
final class StripeRing {
    private static final VarHandle TAIL;
    private static final VarHandle HEAD;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(StripeRing.class, "tail", long.class);
            HEAD = lookup.findVarHandle(StripeRing.class, "head", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final AtomicReferenceArray<IoEvent> slots;
    private final int mask;
    long p01, p02, p03, p04, p05, p06, p07;
    /** Next slot a producer claims; written by producers. */
    private volatile long tail;
    /** A recent value of {@code head} as producers last read it; never ahead of the real one. */
    private long headSeen;

    long p11, p12, p13, p14, p15, p16, p17;
    /** Next slot the consumer reads; written by the consumer only. */
    private volatile long head;

    long p21, p22, p23, p24, p25, p26, p27;

    StripeRing(int capacity) {
        this.slots = new AtomicReferenceArray<>(capacity);
        this.mask = capacity - 1;
    }

    /** Events claimed since the ring was made. */
    long claimed() {
        return tail;
    }

    boolean hasRoom() {
        long claimed = tail;
        return claimed - headSeen <= mask || claimed - refreshHead() <= mask;
    }

    boolean offer(IoEvent event) {
        long claimed;
        do {
            claimed = tail;
            if (claimed - headSeen > mask && claimed - refreshHead() > mask) {
                return false;
            }
        } while (!TAIL.weakCompareAndSet(this, claimed, claimed + 1));
        slots.lazySet((int) claimed & mask, event);
        return true;
    }

    /** Moves up to {@code max} events, in the order they were claimed; stops at a slot claimed but not yet filled. */
    int drainTo(Collection<IoEvent> into, int max) {
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
        if (moved > 0) {
            HEAD.setRelease(this, next);
        }
        return moved;
    }

    private long refreshHead() {
        long h = head;
        headSeen = h;
        return h;
    }
}
