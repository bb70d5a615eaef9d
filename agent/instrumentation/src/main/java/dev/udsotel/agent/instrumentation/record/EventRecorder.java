package dev.udsotel.agent.instrumentation.record;

import dev.udsotel.agent.instrumentation.config.AgentConfig;
import dev.udsotel.agent.instrumentation.host.PeerIdentities;
import dev.udsotel.agent.instrumentation.shed.ExchangeShedding;
import dev.udsotel.core.event.Ancillary;
import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.ParentContext;
import dev.udsotel.core.event.Pieces;
import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.event.SocketType;
import dev.udsotel.core.protocol.http2.FrameCapture;
import dev.udsotel.core.protocol.http2.Http2Preface;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import sun.nio.ch.UdsOtelChannelObserver;

/**
 * The agent's hot path, called by the advice on application threads. It only records: a timestamp, a size, a
 * bounded copy of the first bytes of each direction (on an HTTP/2 channel, recognised by its preface: every frame
 * header and header block, bounded per frame, and DATA within the same budget), and hands the event to the queue. Buffers are read with
 * absolute gets, so positions and limits never move.
 */
public final class EventRecorder implements UdsOtelChannelObserver {
    private static final byte[] NOTHING = new byte[0];
    private static final int MAX_TRACKED_CHANNELS = 65_536;
    private static final int MAX_RECENTLY_CLOSED = 1024;

    private final Map<Object, ChannelState> channels = new ConcurrentHashMap<>();
    /**
     * Channels closed lately. A call whose bytes moved before another thread closed the channel can be recorded after
     * the close (an HTTP/2 server's last response, and the peer's close at once): it still belongs to its connection,
     * and the export loop's causal order puts it before the close.
     */
    private final Map<Object, ChannelState> recentlyClosed = new ConcurrentHashMap<>();

    private final AtomicLong nextKey = new AtomicLong();
    private final AgentConfig config;
    private final ProcessIdentity process;
    private final EventQueue queue;
    private final ApplicationContext applicationContext;
    private final SocketIntrospection introspection = new SocketIntrospection();
    private final PeerIdentities peers;
    private final ExchangeShedding shedding;
    private final boolean capturesNothing;
    private final LongAdder unsampledExchanges = new LongAdder();
    private final CutHeaderFrames cutHeaderFrames;

    public EventRecorder(
            AgentConfig config,
            ProcessIdentity process,
            EventQueue queue,
            ApplicationContext applicationContext,
            PeerIdentities peers) {
        this(config, process, queue, applicationContext, peers, new ExchangeShedding());
    }

    public EventRecorder(
            AgentConfig config,
            ProcessIdentity process,
            EventQueue queue,
            ApplicationContext applicationContext,
            PeerIdentities peers,
            ExchangeShedding shedding) {
        this(config, process, queue, applicationContext, peers, shedding, new CutHeaderFrames());
    }

    public EventRecorder(
            AgentConfig config,
            ProcessIdentity process,
            EventQueue queue,
            ApplicationContext applicationContext,
            PeerIdentities peers,
            ExchangeShedding shedding,
            CutHeaderFrames cutHeaderFrames) {
        this.cutHeaderFrames = cutHeaderFrames;
        this.peers = peers;
        this.shedding = shedding;
        this.capturesNothing = config.payloadBytes() == 0;
        shedding.countOpenChannelsWith(this::shedOnOpenChannels);
        this.config = config;
        this.process = process;
        this.queue = queue;
        this.applicationContext = applicationContext;
    }

    @Override
    public void onBuffer(Object channel, boolean outbound, ByteBuffer buffer, long bytes, long startNanos) {
        record(stateOf(channel), outbound, startNanos, bytes, PayloadSource.BUFFER, buffer, 0, null);
    }

    @Override
    public Object beforeBuffers(Object channel, ByteBuffer[] buffers, int offset, int length) {
        if (capturesNothing) {
            return null; // the positions only serve the payload copy
        }
        int[] positions = new int[length];
        for (int i = 0; i < length; i++) {
            positions[i] = buffers[offset + i].position();
        }
        return positions;
    }

    @Override
    public void onBuffers(
            Object channel,
            boolean outbound,
            ByteBuffer[] buffers,
            int offset,
            int length,
            Object before,
            long bytes,
            long startNanos) {
        record(stateOf(channel), outbound, startNanos, bytes, PayloadSource.BUFFERS, buffers, offset, before);
    }

    @Override
    public void onArray(Object channel, boolean outbound, byte[] array, int offset, long bytes, long startNanos) {
        record(stateOf(channel), outbound, startNanos, bytes, PayloadSource.ARRAY, array, offset, null);
    }

    @Override
    public void onFileTransfer(Object channel, FileChannel file, long position, long bytes, long startNanos) {
        if (channel instanceof SocketChannel socket && isUnix(socket)) {
            record(stateOf(channel), true, startNanos, bytes, PayloadSource.FILE, file, position, null);
        }
    }

    /**
     * One call moved bytes. A received message's time is when the call returned (a blocking read's wait is not the
     * message's); a sent one's is when the call began.
     */
    private void record(
            ChannelState state,
            boolean outbound,
            long startNanos,
            long bytes,
            PayloadSource source,
            Object from,
            long at,
            Object extra) {
        if (state.ignored()) {
            return;
        }
        long end = System.nanoTime();
        long start = outbound ? startNanos : end;
        boolean opensExchange = state.opensExchange(outbound, start);
        ParentContext parent = opensExchange ? applicationContext.current() : null;
        boolean unsampled = parent != null && !parent.sampled();
        if (unsampled) {
            unsampledExchanges.increment();
        }
        boolean shed = state.shedsThisCall(opensExchange, unsampled, shedding.keepOneIn());
        long turn = state.turnOf(outbound);
        if (shed || !queue.hasRoom()) {
            if (!shed) {
                // nothing copied or allocated for an event that cannot be kept
                queue.countDropped();
                state.lostEvents = true;
            }
            FramedDirection framing = state.framed(outbound);
            if (framing != null) {
                long cutBefore = framing.cutHeaderFrames();
                framing.skip(source, from, at, extra, bytes); // HTTP/2: the next call's frames depend on this one's
                cutHeaderFrames.add(framing.cutHeaderFrames() - cutBefore);
            }
            return;
        }
        FrameCapture.Captured framed = framed(state, outbound, bytes, source, from, at, extra);
        byte[] copy;
        if (framed != null) {
            copy = framed.prefix();
        } else {
            int take = state.claimCapture(bytes, outbound);
            copy = take > 0 ? source.copy(from, at, extra, bytes, take) : NOTHING;
            if (!capturesNothing && state.firstCall(outbound, copy.length == bytes) && Http2Preface.startsWith(copy)) {
                state.charge(-take, outbound);
                state.followHttp2(outbound);
                framed = framed(state, outbound, bytes, source, from, at, extra);
                if (framed != null) {
                    copy = framed.prefix();
                } else {
                    state.charge(take, outbound);
                }
            }
        }
        if (offer(
                state,
                new IoEvent(
                        state.connection,
                        outbound ? EventKind.SEND : EventKind.RECEIVE,
                        start,
                        end,
                        bytes,
                        copy,
                        null,
                        parent,
                        turn,
                        Ancillary.NONE,
                        framed != null ? framed.pieces() : Pieces.NONE))) {
            state.recorded(outbound);
        }
    }

    /**
     * On an HTTP/2 channel, the call captured frame by frame (header blocks whole up to a bound per frame, DATA
     * within the preview budget); null elsewhere, or when this direction just lost its framing.
     */
    private FrameCapture.Captured framed(
            ChannelState state,
            boolean outbound,
            long bytes,
            PayloadSource source,
            Object from,
            long at,
            Object extra) {
        FramedDirection direction = state.framed(outbound);
        if (direction == null) {
            return null;
        }
        long cutBefore = direction.cutHeaderFrames();
        FrameCapture.Captured captured = direction.capture(source, from, at, extra, bytes, state.captureRoom(outbound));
        cutHeaderFrames.add(direction.cutHeaderFrames() - cutBefore);
        if (captured == null) {
            state.stopFollowing(outbound);
            return null;
        }
        state.charge(direction.dataTaken(), outbound);
        return captured;
    }

    /** HTTP/2 header frames longer than the per-frame bound, captured in part (their blocks cut short). */
    public long cutHeaderFrames() {
        return cutHeaderFrames.count();
    }

    /** Hands an event over; after a drop on this channel, first a GAP, so no span spans the hole. */
    private boolean offer(ChannelState state, IoEvent event) {
        if (state.lostEvents) {
            if (!queue.offer(
                    IoEvent.lifecycle(state.connection, EventKind.GAP, event.startNanos(), event.startNanos(), null))) {
                queue.countDropped();
                return false;
            }
            state.lostEvents = false;
        }
        if (!queue.offer(event)) {
            state.lostEvents = true;
            return false;
        }
        return true;
    }

    @Override
    public void onConnect(Object channel, Object remote, boolean connected, Throwable error, long startNanos) {
        String path = remote instanceof UnixDomainSocketAddress a ? a.getPath().toString() : "";
        if (!config.traces(path)) {
            channels.put(channel, ChannelState.IGNORED);
            return;
        }
        ChannelState state = newState(channel, path, Role.CLIENT, true);
        if (connected || error != null) {
            connected(channel, introspection, state, startNanos, System.nanoTime(), error);
        } else {
            state.pendingConnectStart = startNanos;
            state.pendingConnectEnd = System.nanoTime();
        }
    }

    @Override
    public void onFinishConnect(Object channel, boolean connected, Throwable error) {
        ChannelState state = channels.get(channel);
        if (state == null || state.ignored() || state.pendingConnectStart == Long.MIN_VALUE) {
            return;
        }
        if (connected || error != null) {
            long start = state.pendingConnectStart;
            state.pendingConnectStart = Long.MIN_VALUE;
            // the handshake ran in the connect call; the time until the application asked again is its own
            connected(channel, introspection, state, start, state.pendingConnectEnd, error);
        }
    }

    @Override
    public void onAccept(Object serverChannel, Object accepted, Throwable error, long startNanos) {
        long end = System.nanoTime();
        if (error instanceof ClosedChannelException) {
            return;
        }
        String path = localPath(serverChannel);
        if (!config.traces(path)) {
            if (accepted != null) {
                channels.put(accepted, ChannelState.IGNORED);
            }
            return;
        }
        if (accepted == null) {
            Connection failed =
                    new Connection(nextKey.incrementAndGet(), path, Role.SERVER, SocketType.STREAM, process);
            queue.offer(IoEvent.lifecycle(failed, EventKind.ACCEPT, startNanos, end, describe(error)));
            return;
        }
        ChannelState state = newState(accepted, path, Role.SERVER, true);
        introspect(accepted, introspection, state.connection, true);
        queue.offer(IoEvent.lifecycle(state.connection, EventKind.ACCEPT, startNanos, end, null));
    }

    @Override
    public void onShutdown(Object channel, boolean input) {
        ChannelState state = channels.get(channel);
        if (state != null && !state.ignored()) {
            long now = System.nanoTime();
            offer(
                    state,
                    IoEvent.lifecycle(
                            state.connection,
                            input ? EventKind.SHUTDOWN_INPUT : EventKind.SHUTDOWN_OUTPUT,
                            now,
                            now,
                            null));
        }
    }

    @Override
    public void onClose(Object channel) {
        ChannelState state = channels.remove(channel);
        if (state != null) {
            if (recentlyClosed.size() >= MAX_RECENTLY_CLOSED) {
                recentlyClosed.clear();
            }
            recentlyClosed.put(channel, state);
        }
        if (state != null && !state.ignored()) {
            shedding.channelClosed(state.shedExchanges());
            long now = System.nanoTime();
            peers.closing(state.connection);
            offer(state, IoEvent.lifecycle(state.connection, EventKind.CLOSE, now, now, null));
            if (state.lostEvents) {
                queue.closedAfterLoss(state.connection);
            }
        }
    }

    /**
     * A socket of a library with native I/O of its own (Netty epoll, junixsocket) connected, or failed to. Such
     * sockets produce the same events as channels; {@code facts} reads their inode and peer credentials. A report on
     * a socket whose connect is pending completes that connect (io_uring's finish in the ring), from its start.
     */
    public void onLibraryConnect(
            Object socket, String path, SocketFacts facts, boolean connected, Throwable error, long startNanos) {
        ChannelState pending = channels.get(socket);
        if (pending != null && pending.pendingConnectStart != Long.MIN_VALUE) {
            if (!pending.ignored() && (connected || error != null)) {
                long start = pending.pendingConnectStart;
                pending.pendingConnectStart = Long.MIN_VALUE;
                connected(socket, facts, pending, start, System.nanoTime(), error);
            }
            return;
        }
        if (!config.traces(path)) {
            track(socket, ChannelState.IGNORED);
            return;
        }
        ChannelState state = newState(socket, path, Role.CLIENT, true);
        if (connected || error != null) {
            connected(socket, facts, state, startNanos, System.nanoTime(), error);
        } else {
            state.pendingConnectStart = startNanos;
            state.pendingConnectEnd = System.nanoTime();
        }
    }

    /** A library's server socket listening on {@code path} accepted {@code accepted}. */
    public void onLibraryAccept(Object accepted, String path, SocketFacts facts, long startNanos) {
        if (!config.traces(path)) {
            track(accepted, ChannelState.IGNORED);
            return;
        }
        ChannelState state = newState(accepted, path, Role.SERVER, true);
        introspect(accepted, facts, state.connection, true);
        queue.offer(IoEvent.lifecycle(state.connection, EventKind.ACCEPT, startNanos, System.nanoTime(), null));
    }

    /**
     * A library's socket moved bytes; the first of them lie in {@code buffer} (the library's own, or null) from
     * {@code index} on, and {@code copier} copies them while the call lasts.
     */
    public void onLibraryBytes(
            Object socket,
            SocketFacts facts,
            boolean outbound,
            BufferCopier copier,
            Object buffer,
            long index,
            long bytes,
            long startNanos) {
        record(libraryState(socket, facts), outbound, startNanos, bytes, PayloadSource.LIBRARY, buffer, index, copier);
    }

    /**
     * A library socket whose connect or accept the agent did not see (opened before it attached) stays untraced; a
     * pending connect is complete once bytes move.
     */
    private ChannelState libraryState(Object socket, SocketFacts facts) {
        ChannelState state = channels.get(socket);
        if (state == null) {
            return track(socket, ChannelState.IGNORED);
        }
        if (state.pendingConnectStart != Long.MIN_VALUE && !state.ignored()) {
            long start = state.pendingConnectStart;
            state.pendingConnectStart = Long.MIN_VALUE;
            connected(socket, facts, state, start, state.pendingConnectEnd, null);
        }
        return state;
    }

    private long shedOnOpenChannels() {
        long sum = 0;
        for (ChannelState state : channels.values()) {
            sum += state.shedExchanges();
        }
        return sum;
    }

    /** Exchanges not recorded at all because the application's span they began in was not sampled. */
    public long unsampledExchanges() {
        return unsampledExchanges.sum();
    }

    /** @param end taken before the introspection, whose cost is the agent's, not the connect's */
    private void connected(
            Object channel, SocketFacts facts, ChannelState state, long startNanos, long end, Throwable error) {
        if (error == null) {
            introspect(channel, facts, state.connection, false);
        }
        ParentContext parent = applicationContext.current();
        if (parent != null && !parent.sampled() && error == null) {
            return; // the application's trace is not sampled: neither is its connect
        }
        queue.offer(new IoEvent(
                state.connection,
                EventKind.CONNECT,
                startNanos,
                end,
                0,
                null,
                error == null ? null : describe(error),
                parent));
        if (error != null) {
            channels.remove(channel);
        }
    }

    private ChannelState stateOf(Object channel) {
        ChannelState state = channels.get(channel);
        if (state == null) {
            state = recentlyClosed.get(channel);
        }
        return state != null ? state : discovered(channel);
    }

    /** A channel seen first by a read or write: its role follows from which end carries the path. */
    private ChannelState discovered(Object channel) {
        SocketChannel socket = (SocketChannel) channel;
        String remote = "";
        String local = "";
        try {
            remote = SocketIntrospection.pathOf(socket.getRemoteAddress());
            local = SocketIntrospection.pathOf(socket.getLocalAddress());
        } catch (Exception e) {
            // closed meanwhile: recorded without a path
        }
        Role role = !remote.isEmpty() ? Role.CLIENT : Role.SERVER;
        String path = role == Role.CLIENT ? remote : local;
        if (!config.traces(path)) {
            return track(channel, ChannelState.IGNORED);
        }
        ChannelState state = newState(channel, path, role, false);
        introspect(channel, introspection, state.connection, true);
        return state;
    }

    /** @param fromTheStart the connect or accept was seen: this channel's request turns can be numbered */
    private ChannelState newState(Object channel, String path, Role role, boolean fromTheStart) {
        Connection connection = new Connection(nextKey.incrementAndGet(), path, role, SocketType.STREAM, process);
        return track(channel, new ChannelState(connection, config.payloadBytes(), config.idleGapNanos(), fromTheStart));
    }

    private ChannelState track(Object channel, ChannelState state) {
        if (channels.size() < MAX_TRACKED_CHANNELS) {
            channels.put(channel, state);
        } else {
            state.neverShed(); // forgotten after this call: the next one could not know what this one shed
        }
        return state;
    }

    /**
     * Reads what the connection's spans say about its own socket and the peer's credentials, before its first event is
     * handed off, and asks the peers thread for the rest (the peer inode and service): the one place the recorder
     * starts resolving a connection's identity; {@link #onClose} only gives the lookup its last chance.
     *
     * @param peerConnected the peer is surely there (accepted, or long connected), so it can be named at once
     */
    private void introspect(Object channel, SocketFacts facts, Connection connection, boolean peerConnected) {
        connection.inodes(facts.inode(channel), 0);
        facts.readPeerCredentials(channel, connection);
        peers.request(connection, peerConnected);
    }

    private static String localPath(Object serverChannel) {
        try {
            return SocketIntrospection.pathOf(((ServerSocketChannel) serverChannel).getLocalAddress());
        } catch (Exception e) {
            return "";
        }
    }

    private static boolean isUnix(SocketChannel socket) {
        try {
            return socket.getLocalAddress() instanceof UnixDomainSocketAddress;
        } catch (Exception e) {
            return false;
        }
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null ? error.getClass().getName() : error.getClass().getName() + ": " + message;
    }
}
