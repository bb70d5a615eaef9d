package dev.udsotel.agent.it.workload;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * An application with its own OpenTelemetry SDK: it makes one Unix socket call inside its span
 * ({@code span.makeCurrent()}) and one outside any span, and prints the ids of its span.
 *
 * <p>Usage: {@code NestedCallWorkload <socket-path>}.
 */
public final class NestedCallWorkload {
    public static final String INSIDE = "call inside the application span";
    public static final String OUTSIDE = "call outside any span";

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        SdkTracerProvider provider = SdkTracerProvider.builder().build();
        Tracer tracer = provider.get("nested-call-workload");
        try (ServerSocketChannel listener = UnixSockets.listen(path)) {
            Thread server = new Thread(() -> echoTwice(listener), "echo-server");
            server.start();
            try (SocketChannel client = UnixSockets.connect(path)) {
                Span span = tracer.spanBuilder("application operation").startSpan();
                try (Scope ignored = span.makeCurrent()) {
                    call(client, INSIDE);
                } finally {
                    span.end();
                }
                System.out.println(
                        "application span trace " + span.getSpanContext().getTraceId() + " span "
                                + span.getSpanContext().getSpanId());
                call(client, OUTSIDE);
            }
            server.join();
        }
        provider.close();
        System.out.println("done");
    }

    private static void call(SocketChannel client, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        UnixSockets.writeAll(client, bytes);
        UnixSockets.readExactly(client, bytes.length);
    }

    private static void echoTwice(ServerSocketChannel listener) {
        try (SocketChannel peer = listener.accept()) {
            for (String text : new String[] {INSIDE, OUTSIDE}) {
                UnixSockets.writeAll(peer, UnixSockets.readExactly(peer, text.length()));
            }
            UnixSockets.awaitEndOfStream(peer);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
