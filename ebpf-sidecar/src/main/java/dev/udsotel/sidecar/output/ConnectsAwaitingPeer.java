package dev.udsotel.sidecar.output;

import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * A client's connect returns before the server accepts, and until then the peer socket has no inode: a connect
 * span made at once would carry a one-inode connection id that matches nothing the server reports. Successful
 * connects wait here until the accept has told the connection its peer, or for at most the hold time. A connect
 * span is built from its own event only, so holding it back changes no exchange.
 */
final class ConnectsAwaitingPeer {
    private static final int MAX_HELD = 4096;

    private final long holdNanos;
    private final ArrayDeque<IoEvent> held = new ArrayDeque<>();

    ConnectsAwaitingPeer(long holdNanos) {
        this.holdNanos = holdNanos;
    }

    /** Whether the event was kept back: a successful connect whose peer is not known yet. */
    boolean hold(IoEvent event) {
        if (event.kind() != EventKind.CONNECT || event.error() != null || event.connection().peerInode() != 0) {
            return false;
        }
        held.add(event);
        return true;
    }

    /** Hands on the connects whose peer became known, and those held for the whole hold time (or too many). */
    void release(long nowNanos, Consumer<IoEvent> next) {
        for (Iterator<IoEvent> it = held.iterator(); it.hasNext(); ) {
            IoEvent event = it.next();
            if (event.connection().peerInode() != 0 || nowNanos - event.endNanos() >= holdNanos
                    || held.size() > MAX_HELD) {
                it.remove();
                next.accept(event);
            }
        }
    }

    void releaseAll(Consumer<IoEvent> next) {
        while (!held.isEmpty()) {
            next.accept(held.poll());
        }
    }
}
