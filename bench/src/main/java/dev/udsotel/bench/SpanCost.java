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
import dev.udsotel.core.protocol.Redaction;
import dev.udsotel.core.span.ExchangeSpans;
import dev.udsotel.core.span.MonotonicClock;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * What the agent's export thread spends per exchange, measured on its own, on one thread: the events of a
 * ping-pong (both ends of one connection) go through core's ConversationTracker and ExchangeSpans into the SDK, as in
 * the agent. Run with OTEL_TRACES_EXPORTER=none to leave export out. Prints nanoseconds per span and per event.
 * {@code SpanCost <payload: letters|binary|http|redis> <bytes captured> <seconds> [rounds]}
 */
public final class SpanCost {
    public static void main(String[] args) {
        byte[] payload = payload(args[0], Integer.parseInt(args[1]));
        byte[] answer = args[0].equals("http") ? httpResponse(payload.length) : payload;
        double seconds = Double.parseDouble(args[2]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        ProcessIdentity self = new ProcessIdentity(ProcessHandle.current().pid(), "java", "span-cost", null);
        TelemetryExport export = TelemetryExport.start(new ExportSettings("dev.udsotel.bench", self, Map.of()));
        MonotonicClock clock = new MonotonicClock();
        ExchangeSpans spans = new ExchangeSpans(export, new ProtocolDecoders(), Redaction.DEFAULT, clock);
        ConversationTracker tracker = new ConversationTracker(spans, 1_000_000_000L, payload.length);
        Connection client = new Connection(1, "/tmp/span-cost.sock", Role.CLIENT, SocketType.STREAM, self).inodes(10, 11);
        Connection server = new Connection(2, "/tmp/span-cost.sock", Role.SERVER, SocketType.STREAM, self).inodes(11, 10);
        for (int r = 0; r <= rounds; r++) {
            long end = System.nanoTime() + (long) (seconds * 1e9);
            long began = System.nanoTime();
            long trips = 0;
            while (System.nanoTime() < end) {
                for (int i = 0; i < 1000; i++) {
                    long t = System.nanoTime();
                    int n = payload.length;
                    tracker.onEvent(IoEvent.data(client, EventKind.SEND, t, t + 1, n, payload.clone()));
                    tracker.onEvent(IoEvent.data(server, EventKind.RECEIVE, t + 2, t + 3, n, payload.clone()));
                    tracker.onEvent(IoEvent.data(server, EventKind.SEND, t + 4, t + 5, answer.length, answer.clone()));
                    tracker.onEvent(IoEvent.data(client, EventKind.RECEIVE, t + 6, t + 7, answer.length, answer.clone()));
                }
                trips += 1000;
            }
            double nanos = System.nanoTime() - began;
            // each round trip closes one exchange per end: two spans, four events
            if (r > 0) {
                System.out.printf("round %d: %.0f ns per span, %.0f ns per event, %.0f spans/s%n", r, nanos / (2 * trips),
                        nanos / (4 * trips), 2 * trips / (nanos / 1e9));
            }
        }
        export.close();
    }

    private static byte[] payload(String kind, int size) {
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
                return "GET /containers/json HTTP/1.1\r\nHost: localhost\r\nUser-Agent: bench\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
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
