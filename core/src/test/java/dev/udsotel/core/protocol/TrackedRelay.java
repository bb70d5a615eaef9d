package dev.udsotel.core.protocol;

import dev.udsotel.core.conversation.ConversationTracker;
import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.event.SocketType;
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
 * RECEIVE event, to a real {@link ConversationTracker}: what the agent would see of the client, each read's payload
 * cut at {@code captureLimit} bytes like the agent's per-call capture.
 */
public final class TrackedRelay implements AutoCloseable {
    private final ServerSocketChannel listener;
    private final Path upstream;
    private final ProcessIdentity client;
    private final ConversationTracker tracker;
    private final int captureLimit;
    private final List<Thread> conversations = new ArrayList<>();

    /** @param comm the name the relayed client's process gets */
    public TrackedRelay(Path listenAt, Path upstream, String comm, ConversationTracker tracker, int captureLimit)
            throws IOException {
        this.upstream = upstream;
        this.client = new ProcessIdentity(ProcessHandle.current().pid(), comm, comm, null);
        this.tracker = tracker;
        this.captureLimit = captureLimit;
        this.listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(listenAt));
        Thread acceptor = new Thread(this::acceptAll, "tracked-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Waits until every conversation so far has ended (30 s at most each), then flushes the tracker. */
    public void awaitConversations() throws InterruptedException {
        List<Thread> started;
        synchronized (this) {
            started = List.copyOf(conversations);
        }
        for (Thread conversation : started) {
            conversation.join(30_000);
        }
        synchronized (this) {
            tracker.flushAll();
        }
    }

    private void acceptAll() {
        long key = 0;
        try {
            while (true) {
                SocketChannel accepted = listener.accept();
                Connection connection =
                        new Connection(++key, upstream.toString(), Role.CLIENT, SocketType.STREAM, client);
                Thread conversation = new Thread(() -> relay(accepted, connection), "tracked-relay-" + key);
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

    private void relay(SocketChannel accepted, Connection connection) {
        try (accepted;
                SocketChannel server = SocketChannel.open(UnixDomainSocketAddress.of(upstream))) {
            Thread back = new Thread(() -> pump(server, accepted, connection, EventKind.RECEIVE));
            back.start();
            pump(accepted, server, connection, EventKind.SEND);
            back.join();
        } catch (IOException | InterruptedException e) {
            // the conversation ended
        }
        record(IoEvent.lifecycle(connection, EventKind.CLOSE, System.nanoTime(), System.nanoTime(), null));
    }

    /**
     * Records each read before forwarding it, so the tracker sees the order the bytes really took. The bytes move when
     * the read returns: a send starts then (its wait for the client is not the send's, and would place it before the
     * answer it follows).
     */
    private void pump(SocketChannel from, SocketChannel to, Connection connection, EventKind kind) {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        try {
            while (true) {
                int read = from.read(buffer);
                if (read < 0) {
                    break;
                }
                long now = System.nanoTime();
                byte[] payload = Arrays.copyOf(buffer.array(), Math.min(read, captureLimit));
                record(IoEvent.data(connection, kind, now, now, read, payload));
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

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
