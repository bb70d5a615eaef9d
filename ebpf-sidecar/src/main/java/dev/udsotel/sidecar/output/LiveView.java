package dev.udsotel.sidecar.output;

import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.protocol.ConnectionRedactor.Outcome;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The human view: one line per call, such as
 * {@code 04:10:01.123456 4242/curl -> /run/docker.sock 78 B "GET /version HTTP/1.1\r\n..."},
 * followed by a {@code tcpdump -X} style dump when asked. It shows events after the redaction policy
 * ({@link PayloadRedaction}): secrets overwritten with {@code *}, binary nothing recognized withheld.
 */
public final class LiveView implements EventSink {
    static final int PREVIEW_BYTES = 64;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS").withZone(ZoneId.systemDefault());

    private final PrintStream out;
    private final boolean hexDump;

    public LiveView(PrintStream out, boolean hexDump) {
        this.out = out;
        this.hexDump = hexDump;
    }

    @Override
    public void accept(TracedEvent event) {
        IoEvent io = event.io();
        StringBuilder line = new StringBuilder(160)
                .append(TIME.format(Instant.ofEpochSecond(0, event.epochNanos())))
                .append(' ')
                .append(event.pid())
                .append('/')
                .append(event.comm())
                .append(' ')
                .append(arrow(io.kind()))
                .append(' ')
                .append(displayPath(event));
        byte[] payload = event.shownPayload();
        if (io.kind().carriesData()) {
            line.append(' ').append(io.byteCount()).append(" B");
            if (event.showsPayload()) {
                line.append(" \"")
                        .append(TextPreview.escape(payload, PREVIEW_BYTES))
                        .append('"');
            } else if (event.payload() == Outcome.WITHHELD) {
                line.append(" (binary, withheld)");
            }
        } else if (io.error() != null) {
            line.append(" failed: ").append(io.error());
        }
        if (event.ancillary().any()) {
            line.append(' ').append(AncillaryText.describe(event.ancillary()));
        }
        out.println(line);
        if (hexDump && event.showsPayload()) {
            out.print(HexDump.format(payload, "\t"));
        }
    }

    @Override
    public void flush() {
        out.flush();
    }

    static String arrow(EventKind kind) {
        return switch (kind) {
            case SEND -> "->";
            case RECEIVE -> "<-";
            case CONNECT -> "connect";
            case ACCEPT -> "accept";
            case SHUTDOWN_INPUT -> "shutdown(rd)";
            case SHUTDOWN_OUTPUT -> "shutdown(wr)";
            case CLOSE -> "close";
            case GAP -> "lost events";
        };
    }

    /** The path, or for unnamed sockets (socketpair, unbound client ends) their connection id. */
    static String displayPath(TracedEvent event) {
        String path = event.path();
        return path.isEmpty() ? "(unnamed " + event.io().connection().connectionId() + ")" : path;
    }
}
