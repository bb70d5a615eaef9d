package dev.udsotel.core.conversation;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.protocol.http2.FrameShape;
import dev.udsotel.core.protocol.http2.Http2Connection;
import dev.udsotel.core.protocol.http2.Http2Preface;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a stream of {@link IoEvent}s into exchanges: what the requesting side sends followed by what comes back,
 * until the requesting side sends again. A client's request is what it sends; a server's is what it receives; for
 * peers without roles (socketpair, datagrams) the first direction seen is the request direction.
 *
 * <p>An exchange also ends when its conversation closes, and when it has been idle for the idle gap after its
 * response began. Traffic that gets no answer becomes a one-way burst, closed by the idle gap when more traffic
 * in the same direction follows it, or after {@link #MAX_WAIT_FOR_RESPONSE_NANOS}.
 *
 * <p>HTTP/2 connections are not turn-taking: once a conversation shows the client preface (or, when its start was
 * missed, whole HTTP/2 frames in its first call), its bytes go to an
 * {@link Http2Connection} that reports one call per stream to {@link ConversationListener#onHttp2Call}.
 * <p>Exchanges that open a request turn are numbered (see {@link Exchange#sequence()}): by the source, when its
 * events carry the turn (the agent counts where the calls happen, so lost and shed events do not shift it), otherwise
 * here, and then only on a connection whose handshake this tracker saw and that lost no event since.
 *
 * <p>Not thread-safe: one consumer thread feeds it.
 */
public final class ConversationTracker {
    /** How long a request without any response is held before it is reported as a one-way burst. */
    public static final long MAX_WAIT_FOR_RESPONSE_NANOS = 60_000_000_000L;
    /** Conversations silent this long, with nothing pending, are forgotten even without a close event. */
    static final long FORGET_AFTER_NANOS = 600_000_000_000L;

    private final ConversationListener listener;
    private final long idleGapNanos;
    private final int captureLimit;
    private final Map<Connection, ConversationState> conversations = new IdentityHashMap<>();
    /** Connections that lost events before their first data event: that event may answer a request never seen. */
    private final Set<Connection> lostBeforeFirstData = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Connections whose connect or accept was seen and no data yet: only their turns can be counted here. */
    private final Set<Connection> seenFromTheStart = Collections.newSetFromMap(new IdentityHashMap<>());

    private static final int MAX_AWAITING_DATA = 65_536;
    private long discarded;

    public ConversationTracker(ConversationListener listener, long idleGapNanos, int captureLimit) {
        if (idleGapNanos <= 0) {
            throw new IllegalArgumentException("idle gap must be positive");
        }
        if (captureLimit < 0) {
            throw new IllegalArgumentException("capture limit must not be negative");
        }
        this.listener = listener;
        this.idleGapNanos = idleGapNanos;
        this.captureLimit = captureLimit;
    }

    public void onEvent(IoEvent event) {
        switch (event.kind()) {
            case CONNECT, ACCEPT -> onHandshake(event);
            case SEND, RECEIVE -> onData(event);
            case CLOSE -> onClose(event.connection());
            case GAP -> discardOpen(event.connection());
            case SHUTDOWN_INPUT, SHUTDOWN_OUTPUT -> {}
        }
    }

    /** Reports exchanges that have gone quiet; call it regularly with the current CLOCK_MONOTONIC time. */
    public void flushIdle(long nowNanos) {
        for (Iterator<Map.Entry<Connection, ConversationState>> it =
                        conversations.entrySet().iterator();
                it.hasNext(); ) {
            ConversationState state = it.next().getValue();
            OpenExchange open = state.open;
            if (open != null) {
                long quiet = nowNanos - open.lastActivityNanos();
                long allowed = open.awaitingResponse() ? MAX_WAIT_FOR_RESPONSE_NANOS : idleGapNanos;
                if (quiet > allowed) {
                    state.open = null;
                    listener.onExchange(open.complete());
                }
            } else if (nowNanos - state.lastActivityNanos > FORGET_AFTER_NANOS) {
                if (state.http2 != null) {
                    state.http2.close();
                }
                it.remove();
            }
        }
    }

    /** Reports every pending exchange, as at shutdown. */
    public void flushAll() {
        for (ConversationState state : conversations.values()) {
            if (state.open != null) {
                listener.onExchange(state.open.complete());
                state.open = null;
            }
            if (state.http2 != null) {
                state.http2.close();
            }
        }
        conversations.clear();
    }

    /**
     * Forgets every exchange being assembled, as when events were lost and it is not known on which conversation:
     * a span must never join two requests because the response between them was lost.
     */
    public void discardAllOpen() {
        for (ConversationState state : conversations.values()) {
            if (state.open != null) {
                state.open = null;
                discarded++;
            }
            state.resyncing = true;
            if (state.http2 != null) {
                state.http2.lost();
            }
            state.counting = false;
        }
        seenFromTheStart.clear();
    }

    /** Exchanges dropped unreported because events of their conversation were lost. */
    public long discardedExchanges() {
        return discarded;
    }

    private void onData(IoEvent event) {
        ConversationState state = conversations.get(event.connection());
        if (state == null) {
            state = new ConversationState(requestKind(event.connection(), event));
            state.resyncing = lostBeforeFirstData.remove(event.connection());
            state.counting = seenFromTheStart.remove(event.connection()) && !state.resyncing;
            conversations.put(event.connection(), state);
        }
        state.lastActivityNanos = Math.max(state.lastActivityNanos, event.endNanos());
        boolean isRequest = event.kind() == state.requestKind;
        if (state.http2 == null && !state.lookedForHttp2) {
            state.lookedForHttp2 = true;
            state.http2 = http2(event, isRequest);
        }
        if (state.http2 != null) {
            state.http2.onData(event, isRequest);
            return;
        }
        long sequence = state.sequenceOf(event, isRequest);
        if (state.resyncing) {
            if (!isRequest) {
                return;
            }
            state.resyncing = false;
        }
        OpenExchange open = state.open;
        if (open != null && CausalOrder.momentOf(event) < open.lastMoment()) {
            List<IoEvent> later = open.eventsAfter(CausalOrder.momentOf(event));
            if (later != null && !later.isEmpty()) {
                // handed over late: put it before what came after it, as if it had arrived in time
                // (each counted again for the turns: after the late one, a request may now begin a turn)
                state.open = open.withoutLast(later.size(), state.requestKind, captureLimit);
                inOrder(state, event, isRequest, sequence);
                for (IoEvent next : later) {
                    boolean nextIsRequest = next.kind() == state.requestKind;
                    inOrder(state, next, nextIsRequest, state.sequenceOf(next, nextIsRequest));
                }
                return;
            }
        }
        inOrder(state, event, isRequest, sequence);
    }

    private void inOrder(ConversationState state, IoEvent event, boolean isRequest, long sequence) {
        OpenExchange open = state.open;
        if (open == null) {
            state.open = opened(event, isRequest, sequence);
            return;
        }
        boolean quietTooLong = event.startNanos() - open.lastActivityNanos() > idleGapNanos;
        if (isRequest) {
            if (!open.awaitingResponse() || quietTooLong) {
                listener.onExchange(open.complete());
                state.open = opened(event, true, sequence);
            } else {
                open.addRequest(event);
            }
        } else if (!open.awaitingResponse() && quietTooLong) {
            listener.onExchange(open.complete());
            state.open = opened(event, false, Exchange.UNNUMBERED);
        } else {
            open.addResponse(event);
        }
    }

    /** Unsolicited traffic in the response direction is reported as a burst whose request side is empty. */
    private OpenExchange opened(IoEvent event, boolean isRequest, long sequence) {
        OpenExchange exchange = new OpenExchange(event, captureLimit, isRequest ? sequence : Exchange.UNNUMBERED);
        if (isRequest) {
            exchange.addRequest(event);
        } else {
            exchange.addResponse(event);
        }
        return exchange;
    }

    /**
     * A demultiplexer for an HTTP/2 conversation, or null, from its first data call: the client preface, or exactly
     * whole frames, as when capture began after the preface (the first call of no other protocol here has that
     * shape; later calls, cut anywhere, might, so only the first is looked at).
     */
    private Http2Connection http2(IoEvent event, boolean isRequest) {
        byte[] payload = event.payload();
        if (isRequest && Http2Preface.startsWith(payload)) {
            return new Http2Connection(event.connection(), true, listener::onHttp2Call);
        }
        if (payload.length == event.byteCount() && FrameShape.wholeFrames(payload)) {
            return new Http2Connection(event.connection(), false, listener::onHttp2Call);
        }
        return null;
    }

    /** After lost events, what comes back may answer a request never seen: wait for the next request. */
    private void discardOpen(Connection connection) {
        ConversationState state = conversations.get(connection);
        if (state == null) {
            lostBeforeFirstData.add(connection);
            seenFromTheStart.remove(connection);
            return;
        }
        if (state.http2 != null) {
            state.http2.lost();
            return;
        }
        if (state.open != null) {
            state.open = null;
            discarded++;
        }
        state.resyncing = true;
        state.counting = false;
    }

    private void onHandshake(IoEvent event) {
        if (event.error() == null && !conversations.containsKey(event.connection())) {
            if (seenFromTheStart.size() >= MAX_AWAITING_DATA) {
                seenFromTheStart.clear(); // their turns go unnumbered: never a wrong number
            }
            seenFromTheStart.add(event.connection());
        }
        listener.onHandshake(event);
    }

    private void onClose(Connection connection) {
        lostBeforeFirstData.remove(connection);
        seenFromTheStart.remove(connection);
        ConversationState state = conversations.remove(connection);
        if (state != null && state.open != null) {
            listener.onExchange(state.open.complete());
        }
        if (state != null && state.http2 != null) {
            state.http2.close();
        }
        listener.onClosed(connection);
    }

    private static EventKind requestKind(Connection connection, IoEvent first) {
        Role role = connection.role();
        if (role == Role.CLIENT) {
            return EventKind.SEND;
        }
        if (role == Role.SERVER) {
            return EventKind.RECEIVE;
        }
        return first.kind();
    }

    private static final class ConversationState {
        final EventKind requestKind;
        OpenExchange open;
        long lastActivityNanos;
        boolean resyncing;
        boolean lookedForHttp2;
        /** Set once the conversation is known to be HTTP/2; it then takes every data event. */
        Http2Connection http2;
        /** Every event of the connection reached this tracker, from its handshake on: the turns counted are exact. */
        boolean counting;
        /** The source numbers the turns itself; the tracker's own count is then never used. */
        boolean sourceCounts;

        private long turns;
        private boolean lastWasResponse = true;

        ConversationState(EventKind requestKind) {
            this.requestKind = requestKind;
        }

        /**
         * A request turn begins with the first request bytes after response bytes (or the first of all): the n-th
         * such call at one end moved the same bytes as the n-th at the other, so both ends number it n.
         */
        long sequenceOf(IoEvent event, boolean isRequest) {
            boolean turnBegins = isRequest && lastWasResponse;
            lastWasResponse = !isRequest;
            if (turnBegins) {
                turns++;
            }
            if (event.turn() == IoEvent.TURN_LEFT_TO_TRACKER) {
                sourceCounts = false;
            } else if (event.turn() != IoEvent.TURN_NOT_COUNTED) {
                sourceCounts = true;
                return event.turn() > 0 ? event.turn() : Exchange.UNNUMBERED;
            }
            return turnBegins && counting && !sourceCounts ? turns : Exchange.UNNUMBERED;
        }
    }
}
