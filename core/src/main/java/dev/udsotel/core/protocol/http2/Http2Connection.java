package dev.udsotel.core.protocol.http2;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.ParentContext;
import dev.udsotel.core.event.Pieces;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Demultiplexes one HTTP/2 connection into calls: both directions' frames, decoded with each direction's HPACK
 * state, assigned to their streams; each stream is reported as one {@link Http2Call} when its response ends or it
 * is reset. Connection-level frames (SETTINGS, PING, WINDOW_UPDATE) make no call; GOAWAY and RST_STREAM become
 * events of the calls they affect.
 *
 * <p>A call's bytes may come as a prefix and {@link Pieces} (a source that follows the framing captures every frame
 * header and header block, and only the start of each DATA frame), so framing is followed across calls of any size.
 * A header frame captured in part (longer than the source's bound) cuts its block short: the HPACK table is then
 * marked partly unknown, as after any loss.
 *
 * <p>Losses are explicit: a gap or an uncaptured frame header loses a direction's framing; the next call whose
 * captured bytes are whole frames (writes start at frame boundaries) picks it up again with the HPACK table
 * marked as partly unknown (see {@link HpackDecoder}); a source that follows the framing itself says where a frame
 * begins ({@link Pieces#frameStart()}), and the framing is picked up again there. Not thread-safe.
 */
public final class Http2Connection {
    /** Streams followed at once; more are counted in {@link #untrackedStreams} and make no call. */
    static final int MOST_OPEN_STREAMS = 1024;

    private final Connection connection;
    private final Consumer<Http2Call> calls;
    private final Direction client;
    private final Direction server;
    private final Map<Integer, OpenStream> open = new LinkedHashMap<>();
    private int highestStream;
    private long untrackedStreams;
    private IoEvent current;
    private boolean startSeen;
    private boolean clientBytesSeen;
    private boolean headerBlockDecoded;

    /**
     * @param fromStart whether the client's direction is seen from its first byte (the preface); false when
     *     capture began mid-connection, which makes both HPACK tables partly unknown
     */
    public Http2Connection(Connection connection, boolean fromStart, Consumer<Http2Call> calls) {
        this.connection = connection;
        this.calls = calls;
        this.client = new Direction(true, fromStart);
        this.server = new Direction(false, fromStart);
        this.startSeen = fromStart;
    }

    /**
     * The client's first bytes are the preface after all: the connection is seen from its start. Both tables are
     * whole unless a header block already went by (then the server's table stays uncertain).
     */
    private void seeStart() {
        startSeen = true;
        client.reader = new FrameReader(client, true);
        client.hpack = new HpackDecoder();
        if (!headerBlockDecoded && !server.reader.lost()) {
            server.hpack = new HpackDecoder();
        }
    }

    /** Bytes the client sent ({@code fromClient}) or the server sent. */
    public void onData(IoEvent event, boolean fromClient) {
        current = event;
        Direction direction = fromClient ? client : server;
        byte[] payload = event.payload();
        if (fromClient && !clientBytesSeen && !startSeen && Http2Preface.startsWith(payload)) {
            seeStart(); // the server spoke first (its SETTINGS), which looked like a connection joined late
        }
        clientBytesSeen |= fromClient;
        long from = 0;
        if (direction.reader.lost()) {
            from = event.pieces().frameStart(); // the source follows the framing: a frame begins there
            boolean noFrameBegins = event.pieces().followsFraming(); // bytes inside one payload may look like frames
            if (from < 0
                    && (noFrameBegins || payload.length != event.byteCount() || !FrameShape.wholeFrames(payload))) {
                return;
            }
            direction.resync();
        }
        event.readCaptured(Math.max(0, from), direction);
    }

    /** Events of this connection were lost: what they carried is unknown, in both directions. */
    public void lost() {
        client.loseFraming();
        server.loseFraming();
    }

    /** The connection closed: open streams are reported as incomplete. */
    public void close() {
        for (OpenStream stream : open.values()) {
            calls.accept(stream.toCall(connection, false));
        }
        open.clear();
    }

    public int openStreams() {
        return open.size();
    }

    public long untrackedStreams() {
        return untrackedStreams;
    }

    private void onFrame(Direction from, Frame frame) {
        if (from.headers.inProgress() && frame.type() != Frame.CONTINUATION) {
            from.headers.cutShort(); // a header block must be contiguous (RFC 9113, 6.10)
            finishHeaderBlock(from);
        }
        switch (frame.type()) {
            case Frame.HEADERS, Frame.PUSH_PROMISE -> {
                if (from.headers.start(frame)) {
                    finishHeaderBlock(from);
                }
            }
            case Frame.CONTINUATION -> {
                if (from.headers.inProgress() && from.headers.continueWith(frame)) {
                    finishHeaderBlock(from);
                }
            }
            case Frame.DATA -> onDataFrame(from, frame);
            case Frame.RST_STREAM -> onReset(from, frame);
            case Frame.GOAWAY -> onGoAway(from, frame);
            default -> {} // SETTINGS, PING, WINDOW_UPDATE, PRIORITY and unknown types carry no call
        }
    }

    private void finishHeaderBlock(Direction from) {
        HeaderBlockAssembler assembled = from.headers;
        byte[] bytes = assembled.bytes();
        HeaderBlock block = from.hpack.decode(bytes, bytes.length, !assembled.cut());
        headerBlockDecoded = true;
        boolean lostBefore = from.hpack.everLost();
        int streamId = assembled.streamId();
        boolean endStream = assembled.endStream();
        int type = assembled.type();
        assembled.clear();
        if (type == Frame.PUSH_PROMISE) {
            return; // decoded only to keep the server's table in step
        }
        OpenStream stream = stream(streamId, from.isClient);
        if (stream == null) {
            return;
        }
        stream.touch(current.endNanos(), !from.isClient);
        stream.headerBlocksLost |= lostBefore;
        if (from.isClient) {
            if (stream.request == HeaderBlock.MISSING) {
                stream.request = block;
            }
            stream.requestEnded |= endStream;
        } else {
            assignResponseBlock(stream, block, endStream);
            stream.responseEnded |= endStream;
        }
        finishIfDone(stream);
    }

    /**
     * Response headers carry {@code :status} (always certain: its name is in the static table); trailers never do
     * and always end the stream. A block without a certain status that ends the stream is taken for trailers, so
     * a lost response HEADERS never turns trailers into response headers.
     */
    private static void assignResponseBlock(OpenStream stream, HeaderBlock block, boolean endStream) {
        String status = block.value(":status");
        if (status != null && status.length() == 3 && status.charAt(0) == '1') {
            return; // informational
        }
        if (status != null && stream.response == HeaderBlock.MISSING) {
            stream.response = block;
        } else if (status == null && endStream) {
            stream.trailers = block;
        } else if (stream.response == HeaderBlock.MISSING && !block.certainlyLacks(":status")) {
            stream.response = block;
        }
    }

    private void onDataFrame(Direction from, Frame frame) {
        OpenStream stream = stream(frame.streamId(), from.isClient);
        if (stream == null) {
            return;
        }
        stream.touch(current.endNanos(), !from.isClient);
        int padding = 0;
        byte[] data = frame.payload();
        int skip = 0;
        if (frame.has(Frame.PADDED) && data.length > 0) {
            padding = data[0] & 0xff;
            skip = 1;
        }
        long contentLength = Math.max(0, frame.length() - skip - padding);
        byte[] content = data.length <= skip
                ? new byte[0]
                : java.util.Arrays.copyOfRange(data, skip, (int) Math.min(data.length, skip + contentLength));
        if (from.isClient) {
            stream.requestBytes += frame.length();
            stream.requestMessages.accept(content, contentLength);
            stream.requestEnded |= frame.has(Frame.END_STREAM);
        } else {
            stream.responseBytes += frame.length();
            stream.responseMessages.accept(content, contentLength);
            stream.responseEnded |= frame.has(Frame.END_STREAM);
        }
        finishIfDone(stream);
    }

    private void onReset(Direction from, Frame frame) {
        OpenStream stream = open.get(frame.streamId());
        if (stream == null) {
            return;
        }
        stream.touch(current.endNanos(), !from.isClient);
        stream.events.add(new StreamEvent(
                StreamEvent.RST_STREAM, current.endNanos(), StreamEvent.errorName(frame.int32(0)), from.isClient, -1));
        stream.reset = true;
        finishIfDone(stream);
    }

    /** Every open stream hears of it; those past the last stream id were not processed and end here. */
    private void onGoAway(Direction from, Frame frame) {
        long last = frame.int32(0);
        last = last < 0 ? -1 : last & 0x7fff_ffffL;
        String error = StreamEvent.errorName(frame.int32(4));
        List<OpenStream> ended = new ArrayList<>();
        for (OpenStream stream : open.values()) {
            stream.events.add(new StreamEvent(StreamEvent.GOAWAY, current.endNanos(), error, from.isClient, last));
            if (last >= 0 && stream.id > last) {
                ended.add(stream);
            }
        }
        for (OpenStream stream : ended) {
            open.remove(stream.id);
            calls.accept(stream.toCall(connection, false));
        }
    }

    /**
     * The stream a frame belongs to: an open one, or a new one for a request (odd id above any seen). Frames of
     * streams already reported, or beyond the bound, are ignored (null).
     */
    private OpenStream stream(int id, boolean fromClient) {
        if (id == 0) {
            return null;
        }
        OpenStream stream = open.get(id);
        if (stream != null) {
            return stream;
        }
        if (id <= highestStream || (id & 1) == 0) {
            return null; // already reported, or a server push, which makes no call of its own
        }
        highestStream = id;
        if (open.size() >= MOST_OPEN_STREAMS) {
            untrackedStreams++;
            return null;
        }
        ParentContext parent = fromClient ? current.parent() : null;
        long start = current.startNanos();
        stream = new OpenStream(id, start, parent);
        open.put(id, stream);
        return stream;
    }

    private void finishIfDone(OpenStream stream) {
        if (stream.finished()) {
            open.remove(stream.id);
            calls.accept(stream.toCall(connection, true));
        }
    }

    /** One direction's framing and header compression state. */
    private final class Direction implements FrameReader.Sink, Pieces.Reader {
        final boolean isClient;
        HpackDecoder hpack = new HpackDecoder();
        final HeaderBlockAssembler headers = new HeaderBlockAssembler();
        FrameReader reader;

        Direction(boolean isClient, boolean fromStart) {
            this.isClient = isClient;
            this.reader = new FrameReader(this, isClient && fromStart);
            if (!fromStart) {
                hpack.lost();
            }
        }

        void resync() {
            reader = new FrameReader(this, false);
        }

        void loseFraming() {
            if (!reader.lost()) {
                reader.skip(Long.MAX_VALUE);
                if (!reader.lost()) {
                    lostSync();
                }
            }
        }

        @Override
        public void captured(byte[] bytes, int offset, int length) {
            reader.accept(bytes, offset, length);
        }

        @Override
        public void uncaptured(long count) {
            reader.skip(count);
        }

        @Override
        public void onFrame(Frame frame) {
            Http2Connection.this.onFrame(this, frame);
        }

        @Override
        public void lostSync() {
            if (headers.inProgress()) {
                headers.clear();
            }
            hpack.lost();
            for (Iterator<OpenStream> it = open.values().iterator(); it.hasNext(); ) {
                it.next().headerBlocksLost = true;
            }
        }
    }
}
