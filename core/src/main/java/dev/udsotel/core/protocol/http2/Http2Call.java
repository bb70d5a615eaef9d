package dev.udsotel.core.protocol.http2;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.ParentContext;
import java.util.List;

/**
 * One HTTP/2 stream from its request HEADERS to the end of its response (END_STREAM or RST_STREAM): one call,
 * one span. Times are CLOCK_MONOTONIC nanoseconds.
 *
 * @param request the request header block; {@link HeaderBlock#MISSING} when it was not seen
 * @param response the response's header block, or {@link HeaderBlock#MISSING}
 * @param trailers the response's trailing header block (gRPC status), or null when there was none
 * @param firstResponseNanos when the first response frame moved, or -1
 * @param requestBytes DATA payload bytes of the request, padding included
 * @param responseBytes DATA payload bytes of the response
 * @param requestMessages gRPC messages (and their bytes) the request carried, as far as {@code messagesExact}
 * @param complete false when the stream's end was not seen (connection closed, framing lost)
 * @param headerBlocksLost whether header blocks of this connection were missed before this call's were decoded
 */
public record Http2Call(
        Connection connection,
        int streamId,
        long startNanos,
        long firstResponseNanos,
        long endNanos,
        HeaderBlock request,
        HeaderBlock response,
        HeaderBlock trailers,
        long requestBytes,
        long responseBytes,
        int requestMessages,
        long requestMessageBytes,
        int responseMessages,
        long responseMessageBytes,
        boolean messagesExact,
        List<StreamEvent> events,
        boolean complete,
        boolean headerBlocksLost,
        int frames,
        ParentContext parent) {

    /** The reset that ended the stream, or null. */
    public StreamEvent reset() {
        for (StreamEvent event : events) {
            if (event.name().equals(StreamEvent.RST_STREAM)) {
                return event;
            }
        }
        return null;
    }
}
