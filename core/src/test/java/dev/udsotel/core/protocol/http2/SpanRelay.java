package dev.udsotel.core.protocol.http2;

import dev.udsotel.core.conversation.ConversationTracker;
import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.event.SocketType;
import dev.udsotel.core.protocol.ProtocolDecoders;
import dev.udsotel.core.redaction.Redaction;
import dev.udsotel.core.span.CollectingExporter;
import dev.udsotel.core.span.ExchangeSpans;
import dev.udsotel.core.span.MonotonicClock;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Relays Unix socket connections between real peers and reports every relayed read, as the client's SEND or
 * RECEIVE, to a real tracker and span builder: the spans the agent would make for the client, with each call's
 * payload cut at {@code captureLimit} bytes like the agent's per-call capture.
 */
final class SpanRelay implements AutoCloseable {
    private static final ProcessIdentity CLIENT = new ProcessIdentity(ProcessHandle.current().pid(), "client", "client", null);

    private final ServerSocketChannel listener;
    private final Path upstream;
    private final int captureLimit;
    private final CollectingExporter collected = new CollectingExporter();
    private final SdkTracerProvider provider;
    private final ConversationTracker tracker;
    private final List<Thread> conversations = new ArrayList<>();

    SpanRelay(Path listenAt, Path upstream, int captureLimit) throws IOException {
        this.upstream = upstream;
        this.captureLimit = captureLimit;
        this.provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(collected)).build();
        this.tracker = new ConversationTracker(new ExchangeSpans(process -> provider.get("relay"),
                ProtocolDecoders.standard(), Redaction.DEFAULT, new MonotonicClock()), 3_600_000_000_000L, 256);
        this.listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(listenAt));
        Thread acceptor = new Thread(this::acceptAll, "span-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptAll() {
        long key = 0;
        try {
            while (true) {
                SocketChannel client = listener.accept();
                Connection connection = new Connection(++key, upstream.toString(), Role.CLIENT, SocketType.STREAM, CLIENT);
                Thread conversation = new Thread(() -> relay(client, connection), "span-relay-" + key);
                conversation.setDaemon(true);
                synchronized (this) {
                    conversations.add(conversation);
                }
                conversation.start();
            }
        } catch (ClosedChannelException e) {
            // closed by the test
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void relay(SocketChannel client, Connection connection) {
        try (client; SocketChannel server = SocketChannel.open(UnixDomainSocketAddress.of(upstream))) {
            Thread back = new Thread(() -> pump(server, client, connection, EventKind.RECEIVE));
            back.start();
            pump(client, server, connection, EventKind.SEND);
            back.join();
        } catch (IOException | InterruptedException e) {
            // the conversation ended
        }
        record(IoEvent.lifecycle(connection, EventKind.CLOSE, System.nanoTime(), System.nanoTime(), null));
    }

    /** Records each read before forwarding it, so the tracker sees the order the bytes really took. */
    private void pump(SocketChannel from, SocketChannel to, Connection connection, EventKind kind) {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        try {
            while (true) {
                long start = System.nanoTime();
                int read = from.read(buffer);
                if (read < 0) {
                    break;
                }
                byte[] payload = Arrays.copyOf(buffer.array(), Math.min(read, captureLimit));
                record(IoEvent.data(connection, kind, start, System.nanoTime(), read, payload));
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // either side closed
        }
    }

    private synchronized void record(IoEvent event) {
        tracker.onEvent(event);
    }

    /** The spans of every conversation so far, once those conversations have ended. */
    List<SpanData> awaitSpans() throws InterruptedException {
        List<Thread> started;
        synchronized (this) {
            started = List.copyOf(conversations);
        }
        for (Thread conversation : started) {
            conversation.join(30_000);
        }
        synchronized (this) {
            tracker.flushAll();
            return List.copyOf(collected.spans);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        provider.close();
    }
}
