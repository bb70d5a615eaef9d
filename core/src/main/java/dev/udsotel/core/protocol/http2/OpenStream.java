package dev.udsotel.core.protocol.http2;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.ParentContext;
import java.util.ArrayList;
import java.util.List;

/** A stream being followed: what its frames said so far. */
final class OpenStream {
    final int id;
    final long startNanos;
    final ParentContext parent;
    HeaderBlock request = HeaderBlock.MISSING;
    HeaderBlock response = HeaderBlock.MISSING;
    HeaderBlock trailers;
    long firstResponseNanos = -1;
    long lastNanos;
    long requestBytes;
    long responseBytes;
    final GrpcMessages requestMessages = new GrpcMessages();
    final GrpcMessages responseMessages = new GrpcMessages();
    final List<StreamEvent> events = new ArrayList<>(0);
    boolean requestEnded;
    boolean responseEnded;
    boolean reset;
    boolean headerBlocksLost;
    int frames;

    OpenStream(int id, long startNanos, ParentContext parent) {
        this.id = id;
        this.startNanos = startNanos;
        this.lastNanos = startNanos;
        this.parent = parent;
    }

    boolean finished() {
        return reset || (requestEnded && responseEnded);
    }

    void touch(long nanos, boolean fromServer) {
        frames++;
        lastNanos = Math.max(lastNanos, nanos);
        if (fromServer && firstResponseNanos < 0) {
            firstResponseNanos = nanos;
        }
    }

    Http2Call toCall(Connection connection, boolean complete) {
        boolean exact = requestMessages.exact() && responseMessages.exact();
        return new Http2Call(
                connection,
                id,
                startNanos,
                firstResponseNanos,
                Math.max(lastNanos, startNanos),
                request,
                response,
                trailers,
                requestBytes,
                responseBytes,
                requestMessages.count(),
                requestMessages.bytes(),
                responseMessages.count(),
                responseMessages.bytes(),
                exact,
                List.copyOf(events),
                complete,
                headerBlocksLost,
                frames,
                parent);
    }
}
