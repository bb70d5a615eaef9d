package dev.udsotel.core.conversation;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.ParentContext;
import java.util.ArrayList;
import java.util.List;

/** An exchange still being assembled: its request so far and, once the conversation turned, its response. */
final class OpenExchange {
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
    }

    Exchange complete() {
        return new Exchange(connection, startNanos, firstResponseNanos, Math.max(lastActivityNanos, startNanos),
                request.toCaptured(), response.toCaptured(), messages, parent, sequence, passedFds, passedAlong);
    }
}
