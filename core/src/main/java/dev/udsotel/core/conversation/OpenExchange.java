package dev.udsotel.core.conversation;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.ParentContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An exchange still being assembled: its request so far and, once the conversation turned, its response. Its first
 * {@value #REPLAYABLE} events are kept, so that an event handed over late (a write recorded only once its call
 * returned, after the answer was recorded on another thread) can still be put before the ones that came after it.
 */
final class OpenExchange {
    static final int REPLAYABLE = 16;

    private final Connection connection;
    private final long startNanos;
    private final ParentContext parent;
    private final long sequence;
    private final CaptureBuffer request;
    private final CaptureBuffer response;
    private long firstResponseNanos = -1;
    private long lastActivityNanos;
    private int messages;
    private long passedFds;
    private final List<PassedAlong> passedAlong = new ArrayList<>(0);
    private final IoEvent[] events = new IoEvent[REPLAYABLE];
    private int added;
    private long lastMoment = Long.MIN_VALUE;

    OpenExchange(IoEvent opening, int captureLimit, long sequence) {
        this.sequence = sequence;
        this.connection = opening.connection();
        this.startNanos = opening.startNanos();
        this.parent = opening.parent();
        this.request = new CaptureBuffer(captureLimit);
        this.response = new CaptureBuffer(captureLimit);
    }

    boolean awaitingResponse() {
        return firstResponseNanos < 0;
    }

    long lastActivityNanos() {
        return lastActivityNanos;
    }

    void addRequest(IoEvent e) {
        request.append(e.payload(), e.byteCount());
        touch(e);
    }

    /** The causal moment of the latest event added ({@link CausalOrder#momentOf}). */
    long lastMoment() {
        return lastMoment;
    }

    /**
     * The events added after {@code moment}, in order, when all the events of this exchange are kept and its first
     * came before {@code moment}; otherwise null (then nothing can be put back in order).
     */
    List<IoEvent> eventsAfter(long moment) {
        if (added > REPLAYABLE || CausalOrder.momentOf(events[0]) > moment) {
            return null;
        }
        int from = added;
        while (from > 0 && CausalOrder.momentOf(events[from - 1]) > moment) {
            from--;
        }
        return Arrays.asList(events).subList(from, added);
    }

    /** The exchange as it was before its last {@code dropped} events, built again from its kept events. */
    OpenExchange withoutLast(int dropped, EventKind requestKind, int captureLimit) {
        OpenExchange rebuilt = new OpenExchange(events[0], captureLimit, sequence);
        for (int i = 0; i < added - dropped; i++) {
            if (events[i].kind() == requestKind) {
                rebuilt.addRequest(events[i]);
            } else {
                rebuilt.addResponse(events[i]);
            }
        }
        return rebuilt;
    }

    void addResponse(IoEvent e) {
        if (firstResponseNanos < 0) {
            firstResponseNanos = e.endNanos();
        }
        response.append(e.payload(), e.byteCount());
        touch(e);
    }

    private void touch(IoEvent e) {
        lastActivityNanos = Math.max(lastActivityNanos, e.endNanos());
        messages++;
        if (e.ancillary().any()) {
            passedFds += e.ancillary().passedFds();
            if (passedAlong.size() < PassedAlong.MAX_PER_EXCHANGE) {
                passedAlong.add(new PassedAlong(e.endNanos(), e.kind(), e.ancillary()));
            }
        }
        if (added < REPLAYABLE) {
            events[added] = e;
        }
        added++;
        lastMoment = Math.max(lastMoment, CausalOrder.momentOf(e));
    }

    Exchange complete() {
        return new Exchange(
                connection,
                startNanos,
                firstResponseNanos,
                Math.max(lastActivityNanos, startNanos),
                request.toCaptured(),
                response.toCaptured(),
                messages,
                parent,
                sequence,
                passedFds,
                passedAlong);
    }
}
