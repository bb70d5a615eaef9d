package dev.udsotel.agent.it.workload;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts calls after which a buffer's position or limit is not exactly what the channel contract says: position
 * advanced by the bytes the call reported, limit untouched. With or without the agent the count must stay zero.
 */
final class BufferChecks {
    static final AtomicLong violations = new AtomicLong();
    static final AtomicLong checks = new AtomicLong();

    private BufferChecks() {}

    static void after(ByteBuffer buffer, int positionBefore, int limitBefore, long moved) {
        checks.incrementAndGet();
        if (buffer.position() != positionBefore + Math.max(moved, 0) || buffer.limit() != limitBefore) {
            violations.incrementAndGet();
        }
    }

    static void after(ByteBuffer[] buffers, int[] positionsBefore, int[] limitsBefore, long moved) {
        checks.incrementAndGet();
        long advanced = 0;
        boolean limitsKept = true;
        for (int i = 0; i < buffers.length; i++) {
            advanced += buffers[i].position() - positionsBefore[i];
            limitsKept &= buffers[i].limit() == limitsBefore[i];
        }
        if (advanced != Math.max(moved, 0) || !limitsKept) {
            violations.incrementAndGet();
        }
    }

    static int[] positions(ByteBuffer[] buffers) {
        int[] p = new int[buffers.length];
        for (int i = 0; i < buffers.length; i++) {
            p[i] = buffers[i].position();
        }
        return p;
    }

    static int[] limits(ByteBuffer[] buffers) {
        int[] l = new int[buffers.length];
        for (int i = 0; i < buffers.length; i++) {
            l[i] = buffers[i].limit();
        }
        return l;
    }
}
