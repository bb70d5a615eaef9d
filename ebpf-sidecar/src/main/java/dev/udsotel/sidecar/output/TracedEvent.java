package dev.udsotel.sidecar.output;

import dev.udsotel.core.event.IoEvent;

/**
 * One captured call as the CLI shows it: the core event plus what only the kernel side knows.
 *
 * @param io the event that also feeds the conversation tracker
 * @param comm the calling thread's command name (up to 15 characters)
 * @param fd the socket's file descriptor in the calling process, or -1 when unknown
 * @param epochNanos wall-clock time of the call's start (a receive's: when its data arrived), for display and pcap
 *     timestamps
 * @param ancillary descriptors and credentials the message carried
 * @param shownBytes how much of the payload the outputs (live view, JSON, pcap) show: the {@code -s} snap length.
 *     HTTP/2 connections are captured beyond it, for the span decoder's HPACK, never for display.
 */
public record TracedEvent(IoEvent io, String comm, int fd, long epochNanos, Ancillary ancillary, int shownBytes) {
    public TracedEvent(IoEvent io, String comm, int fd, long epochNanos) {
        this(io, comm, fd, epochNanos, Ancillary.NONE, Integer.MAX_VALUE);
    }

    public TracedEvent(IoEvent io, String comm, int fd, long epochNanos, Ancillary ancillary) {
        this(io, comm, fd, epochNanos, ancillary, Integer.MAX_VALUE);
    }

    /** The payload as the outputs show it: at most {@link #shownBytes}. */
    public byte[] shownPayload() {
        byte[] payload = io.payload();
        return payload.length <= shownBytes ? payload : java.util.Arrays.copyOf(payload, shownBytes);
    }

    public long pid() {
        return io.connection().process().pid();
    }

    public String path() {
        return io.connection().socketPath();
    }
}
