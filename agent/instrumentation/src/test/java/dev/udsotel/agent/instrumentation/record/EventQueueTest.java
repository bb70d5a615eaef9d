package dev.udsotel.agent.instrumentation.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.event.SocketType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventQueueTest {
    private static final ProcessIdentity PROCESS = new ProcessIdentity(1, "java", "test", null);

    /** An event whose start time carries its producer's sequence number, on a connection per producer. */
    private static IoEvent numbered(Connection producer, long sequence) {
        return IoEvent.lifecycle(producer, EventKind.SEND, sequence, sequence, null);
    }

    private static Connection producer(int n) {
        return new Connection(n, "/tmp/producer-" + n, Role.CLIENT, SocketType.STREAM, PROCESS);
    }

    @Test
    void manyProducersEachArriveInTheOrderTheyOfferedAndEveryEventIsEitherDeliveredOrCounted() throws Exception {
        EventQueue queue = new EventQueue(256, 4);
        int producers = 8;
        int perProducer = 50_000;
        AtomicLong accepted = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Connection connection = producer(p);
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (long i = 0; i < perProducer; i++) {
                    if (queue.offer(numbered(connection, i))) {
                        accepted.incrementAndGet();
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        Map<Connection, Long> lastSeen = new HashMap<>();
        List<IoEvent> batch = new ArrayList<>();
        long delivered = 0;
        start.countDown();
        boolean producing = true;
        while (producing || !batch.isEmpty()) {
            producing = threads.stream().anyMatch(Thread::isAlive);
            batch.clear();
            queue.drainTo(batch, 1000);
            assertTrue(batch.size() <= 1000, "drained more than asked");
            for (IoEvent event : batch) {
                Long previous = lastSeen.put(event.connection(), event.startNanos());
                if (previous != null) {
                    assertTrue(
                            event.startNanos() > previous,
                            "producer " + event.connection().key() + ": " + event.startNanos() + " after " + previous);
                }
                delivered++;
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(accepted.get(), delivered, "accepted events went missing or were delivered twice");
        assertEquals(
                (long) producers * perProducer, delivered + queue.dropped(), "an event neither delivered nor counted");
        assertTrue(queue.dropped() > 0, "a 256-event queue never filled under 8 producers");
    }

    @Test
    void holdsNoMoreThanItsCapacityAndCountsWhatItRefuses() {
        EventQueue queue = new EventQueue(64, 4);
        Connection connection = producer(1);
        long offered = 0;
        long accepted = 0;
        while (offered < 1000) {
            if (queue.offer(numbered(connection, offered++))) {
                accepted++;
            }
        }
        assertTrue(accepted <= queue.capacity(), accepted + " held by a queue of " + queue.capacity());
        assertTrue(accepted > 0);
        assertEquals(offered - accepted, queue.dropped());
        assertFalse(queue.hasRoom(), "a full stripe claims room");
        List<IoEvent> drained = new ArrayList<>();
        queue.drainTo(drained, Integer.MAX_VALUE);
        assertEquals(accepted, drained.size());
        assertTrue(queue.hasRoom(), "a drained queue has no room");
        for (int i = 0; i < drained.size(); i++) {
            assertEquals(i, drained.get(i).startNanos(), "one thread's events left out of order");
        }
    }

    @Test
    void keepsAboutTheConfiguredCapacityOverItsStripes() {
        assertEquals(16384, new EventQueue(16384, 4).capacity());
        assertEquals(16, new EventQueue(16, 16).capacity());
        assertEquals(1, new EventQueue(16, 16).stripes(), "stripes of fewer than 16 events");
        assertEquals(4, new EventQueue(100, 4).stripes());
    }
}
