package dev.udsotel.core.protocol.postgres;

import dev.udsotel.core.conversation.ConversationListener;
import dev.udsotel.core.conversation.ConversationTracker;
import dev.udsotel.core.conversation.Exchange;
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
 * Relays Unix socket connections to a real server and reports each relayed read as the client's SEND or RECEIVE
 * event to a real {@link ConversationTracker}, so tests get the exchanges the agent would: split by direction,
 * cut by the capture limit. The idle gap is long, so only direction changes split exchanges.
 */
final class TrackingProxy implements AutoCloseable {
    static final int CAPTURE_LIMIT = 256;
    private static final long IDLE_GAP_NANOS = 3_600_000_000_000L;
    private static final ProcessIdentity CLIENT = new ProcessIdentity(ProcessHandle.current().pid(), "psql", "psql", null);

    private final ServerSocketChannel listener;
    private final Path upstream;
    private final List<Exchange> exchanges = new ArrayList<>();
    private final List<Thread> conversations = new ArrayList<>();
    private final ConversationTracker tracker = new ConversationTracker(new ConversationListener() {
        @Override
        public void onHandshake(IoEvent connectOrAccept) {}

        @Override
        public void onExchange(Exchange exchange) {
            exchanges.add(exchange);
        }
    }, IDLE_GAP_NANOS, CAPTURE_LIMIT);
    private final Thread acceptor;

    TrackingProxy(Path listenAt, Path upstream) throws IOException {
        this.upstream = upstream;
        this.listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(listenAt));
        this.acceptor = new Thread(this::acceptAll, "tracking-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptAll() {
        long key = 0;
        try {
            while (true) {
                SocketChannel client = listener.accept();
                Connection connection = new Connection(++key, upstream.toString(), Role.CLIENT, SocketType.STREAM, CLIENT);
                Thread conversation = new Thread(() -> relay(client, connection), "tracking-proxy-" + key);
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
                byte[] payload = Arrays.copyOf(buffer.array(), read);
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

    /** The exchanges of every conversation so far, once those conversations have ended. */
    List<Exchange> awaitExchanges() throws InterruptedException {
        List<Thread> started;
        synchronized (this) {
            started = List.copyOf(conversations);
        }
        for (Thread conversation : started) {
            conversation.join();
        }
        synchronized (this) {
            List<Exchange> all = List.copyOf(exchanges);
            exchanges.clear();
            return all;
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
