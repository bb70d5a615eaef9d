package dev.udsotel.bench;

import dev.udsotel.core.conversation.ConversationTracker;
import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.event.SocketType;
import dev.udsotel.core.export.ExportSettings;
import dev.udsotel.core.export.TelemetryExport;
import dev.udsotel.core.protocol.ProtocolDecoders;
import dev.udsotel.core.redaction.Redaction;
import dev.udsotel.core.span.ExchangeSpans;
import dev.udsotel.core.span.MonotonicClock;
import dev.udsotel.core.span.TracerSource;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The agent's export work for a ping-pong of one payload kind, on the thread that calls {@link #roundTrip()}: both
 * ends of one connection go through core's ConversationTracker and ExchangeSpans into the SDK, whose {@code none}
 * exporter drops the spans (unless OTEL_TRACES_EXPORTER says otherwise). Uses only core's API that the agent and the
 * sidecar use, so it runs against older builds of core too.
 */
public final class SpanCostWorkload implements Runnable, AutoCloseable {
    /** Each round trip closes one exchange at each end. */
    static final int SPANS_PER_ROUND_TRIP = 2;

    private final byte[] request;
    private final byte[] response;
    private final TelemetryExport export;
    private final ConversationTracker tracker;
    private final Connection client;
    private final Connection server;
    private long clock = System.nanoTime();

    public SpanCostWorkload(String kind, int size) {
        this(kind, size, null);
    }

    /** The same exchanges into {@code tracers}' spans, with no metrics and no export (SdkSpanFloor reads them). */
    SpanCostWorkload(String kind, int size, TracerSource tracers) {
        this.request = payload(kind, size);
        this.response = kind.equals("http") ? httpResponse(request.length) : request;
        ProcessIdentity self = new ProcessIdentity(ProcessHandle.current().pid(), "java", "span-cost", null);
        this.export = tracers != null
                ? null
                : TelemetryExport.start(
                        new ExportSettings("dev.udsotel.bench", self, Map.of("otel.traces.exporter", "none")));
        ExchangeSpans spans = tracers != null
                ? new ExchangeSpans(tracers, new ProtocolDecoders(), Redaction.DEFAULT, new MonotonicClock())
                : new ExchangeSpans(export, new ProtocolDecoders(), Redaction.DEFAULT, new MonotonicClock());
        this.tracker = new ConversationTracker(spans, 1_000_000_000L, request.length);
        this.client = new Connection(1, "/tmp/span-cost.sock", Role.CLIENT, SocketType.STREAM, self).inodes(10, 11);
        this.server = new Connection(2, "/tmp/span-cost.sock", Role.SERVER, SocketType.STREAM, self).inodes(11, 10);
    }

    /** Four events, as the agent records them, each with its own copy of the bytes: two spans. */
    void roundTrip() {
        long t = clock;
        clock += 8_000;
        tracker.onEvent(IoEvent.data(client, EventKind.SEND, t, t + 1_000, request.length, request.clone()));
        tracker.onEvent(IoEvent.data(server, EventKind.RECEIVE, t + 2_000, t + 3_000, request.length, request.clone()));
        tracker.onEvent(IoEvent.data(server, EventKind.SEND, t + 4_000, t + 5_000, response.length, response.clone()));
        tracker.onEvent(
                IoEvent.data(client, EventKind.RECEIVE, t + 6_000, t + 7_000, response.length, response.clone()));
    }

    /** What became of the spans (when an exporter is configured). */
    public dev.udsotel.core.export.ExportCounts counts() {
        return export.counts();
    }

    @Override
    public void run() {
        roundTrip();
    }

    @Override
    public void close() {
        tracker.flushAll();
        if (export != null) {
            export.close();
        }
    }

    static byte[] payload(String kind, int size) {
        byte[] bytes = new byte[size];
        switch (kind) {
            case "letters" -> {
                for (int i = 0; i < size; i++) {
                    bytes[i] = (byte) ('a' + i % 26);
                }
            }
            case "binary" -> {
                for (int i = 0; i < size; i++) {
                    bytes[i] = (byte) (i * 31 + 7);
                }
            }
            case "http" -> {
                return "GET /containers/json HTTP/1.1\r\nHost: localhost\r\nUser-Agent: bench\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII);
            }
            case "redis" -> fill(bytes, "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n");
            default -> throw new IllegalArgumentException("payload: letters, binary, http or redis");
        }
        return bytes;
    }

    /** A whole response, headers and body, {@code size} bytes or a little more. */
    private static byte[] httpResponse(int size) {
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ";
        int body = Math.max(2, size - head.length() - 8);
        String text = head + body + "\r\n\r\n" + "{" + "x".repeat(body - 2) + "}";
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static void fill(byte[] into, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(into, (byte) 'x');
        System.arraycopy(t, 0, into, 0, Math.min(t.length, into.length));
    }
}
