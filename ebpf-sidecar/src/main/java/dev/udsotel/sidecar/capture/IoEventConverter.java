package dev.udsotel.sidecar.capture;

import static dev.udsotel.sidecar.capture.UdsEventLayout.*;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import java.util.List;

/** Turns probe records into core {@link IoEvent}s on per-process {@link Connection}s. */
final class IoEventConverter {
    private static final int SHUT_RD = 0;
    private static final int SHUT_WR = 1;

    private final ConnectionTable connections;

    IoEventConverter(ConnectionTable connections) {
        this.connections = connections;
    }

    /** The core events for one record: none for bind, listen, socketpair and failed accepts. */
    List<IoEvent> convert(UdsEvent e) {
        switch (e.kind()) {
            case UDS_EV_SEND:
            case UDS_EV_RECV: {
                EventKind kind = e.kind() == UDS_EV_SEND ? EventKind.SEND : EventKind.RECEIVE;
                // a receive's bytes arrived when the call returned: its entry is only when the wait began
                long start = kind == EventKind.RECEIVE ? e.endNanos() : e.startNanos();
                return List.of(new IoEvent(
                        connections.connectionFor(e),
                        kind,
                        start,
                        e.endNanos(),
                        e.ret(),
                        e.payload(),
                        null,
                        null,
                        IoEvent.TURN_NOT_COUNTED,
                        e.ancillary(),
                        e.pieces()));
            }
            case UDS_EV_CONNECT:
                return List.of(lifecycle(e, EventKind.CONNECT));
            case UDS_EV_ACCEPT:
                return e.ret() < 0 ? List.of() : List.of(lifecycle(e, EventKind.ACCEPT));
            case UDS_EV_SHUTDOWN:
                if (connections.existing(e).isEmpty()) {
                    return List.of();
                }
                return switch (e.arg()) {
                    case SHUT_RD -> List.of(lifecycle(e, EventKind.SHUTDOWN_INPUT));
                    case SHUT_WR -> List.of(lifecycle(e, EventKind.SHUTDOWN_OUTPUT));
                    default -> List.of(lifecycle(e, EventKind.SHUTDOWN_INPUT), lifecycle(e, EventKind.SHUTDOWN_OUTPUT));
                };
            case UDS_EV_CLOSE: {
                if (connections.existing(e).isEmpty()) {
                    return List.of(); // e.g. a forked child closing the listener it inherited
                }
                IoEvent close = lifecycle(e, EventKind.CLOSE);
                connections.closed(e);
                return List.of(close);
            }
            case UDS_EV_LISTEN:
                connections.listening(e);
                return List.of();
            case UDS_EV_SOCKETPAIR:
                connections.connectionFor(e);
                return List.of();
            default:
                return List.of();
        }
    }

    private IoEvent lifecycle(UdsEvent e, EventKind kind) {
        String error = e.ret() < 0 ? Errno.describe((int) -e.ret()) : null;
        return IoEvent.lifecycle(connections.connectionFor(e), kind, e.startNanos(), e.endNanos(), error);
    }
}
