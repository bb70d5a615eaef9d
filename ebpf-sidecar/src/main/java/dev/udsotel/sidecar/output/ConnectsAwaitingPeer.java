package dev.udsotel.sidecar.output;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A client's connect returns before the server accepts, and until then the peer socket has no inode: a connect
 * span made at once would carry a one-inode connection id that matches nothing the server reports. Successful
 * connects wait here until the accept has told the connection its peer, or for at most the hold time. The later
 * events of a held connection wait behind its connect, so the tracker still sees the connection from its start
 * (which is what lets both ends number its exchanges alike).
 */
final class ConnectsAwaitingPeer {
    private static final int MAX_HELD = 4096;

    private final long holdNanos;
    private final ArrayDeque<IoEvent> held = new ArrayDeque<>();
    private final Set<Connection> awaiting = Collections.newSetFromMap(new IdentityHashMap<>());

    ConnectsAwaitingPeer(long holdNanos) {
        this.holdNanos = holdNanos;
    }

    /** Whether the event was kept back: a successful connect whose peer is not known yet, or an event after one. */
    boolean hold(IoEvent event) {
        if (awaiting.contains(event.connection())) {
            held.add(event);
            return true;
        }
        if (event.kind() != EventKind.CONNECT
                || event.error() != null
                || event.connection().peerInode() != 0) {
            return false;
        }
        held.add(event);
        awaiting.add(event.connection());
        return true;
    }

    /** Hands on the connects whose peer became known, and those held for the whole hold time (or too many). */
    void release(long nowNanos, Consumer<IoEvent> next) {
        for (Iterator<IoEvent> it = held.iterator(); it.hasNext(); ) {
            IoEvent event = it.next();
            Connection connection = event.connection();
            boolean connectDue = event.kind() == EventKind.CONNECT
                    && awaiting.contains(connection)
                    && (connection.peerInode() != 0
                            || nowNanos - event.endNanos() >= holdNanos
                            || held.size() > MAX_HELD);
            if (connectDue) {
                awaiting.remove(connection);
            }
            if (connectDue || !awaiting.contains(connection)) {
                it.remove();
                next.accept(event);
            }
        }
    }

    void releaseAll(Consumer<IoEvent> next) {
        while (!held.isEmpty()) {
            next.accept(held.poll());
        }
        awaiting.clear();
    }
}
