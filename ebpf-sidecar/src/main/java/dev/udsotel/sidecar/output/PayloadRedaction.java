package dev.udsotel.sidecar.output;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.process.LeastRecentlyUsed;
import dev.udsotel.core.protocol.ConnectionRedactor;
import dev.udsotel.core.protocol.ConnectionRedactor.Outcome;
import dev.udsotel.core.redaction.Redaction;
import java.util.Arrays;
import java.util.Map;

/**
 * The redaction policy in front of the per-event outputs (live view, JSON, pcap): one {@link ConnectionRedactor}
 * per connection end, kept until the end closes, at most {@value #MOST_ENDS} (the least recently used go first;
 * one that comes back starts over and is safe, if less precise). Events keep their lengths: secrets are
 * overwritten in place, withheld binary becomes zeros. Used by the capture thread.
 */
public final class PayloadRedaction {
    static final int MOST_ENDS = 16_384;

    private final Redaction redaction;
    private final Map<Connection, ConnectionRedactor> ends = new LeastRecentlyUsed<>(MOST_ENDS);

    public PayloadRedaction(Redaction redaction) {
        this.redaction = redaction;
    }

    /** The event as the per-event outputs may show it. */
    public TracedEvent apply(TracedEvent event) {
        Connection c = event.io().connection();
        if (!event.io().kind().carriesData()) {
            if (event.io().kind() == EventKind.CLOSE) {
                ends.remove(c);
            }
            return event;
        }
        ConnectionRedactor end = ends.computeIfAbsent(c, connection -> new ConnectionRedactor(connection, redaction));
        byte[] copy = event.io().payload().clone();
        Outcome outcome = end.redact(
                event.io().kind() == EventKind.SEND,
                copy,
                event.io().pieces(),
                event.io().byteCount());
        return switch (outcome) {
            case CLEAN -> event;
            case REDACTED -> event.withPayload(copy, outcome);
            case WITHHELD -> {
                Arrays.fill(copy, (byte) 0);
                yield event.withPayload(copy, outcome);
            }
        };
    }

    /** Connection ends being followed. */
    int size() {
        return ends.size();
    }
}
