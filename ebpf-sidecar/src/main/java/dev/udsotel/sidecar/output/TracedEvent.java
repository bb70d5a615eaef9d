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
 */
public record TracedEvent(IoEvent io, String comm, int fd, long epochNanos, Ancillary ancillary) {
    public TracedEvent(IoEvent io, String comm, int fd, long epochNanos) {
        this(io, comm, fd, epochNanos, Ancillary.NONE);
    }

    public long pid() {
        return io.connection().process().pid();
    }

    public String path() {
        return io.connection().socketPath();
    }
}
