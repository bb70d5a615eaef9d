package dev.udsotel.sidecar.output;

import dev.udsotel.core.event.Ancillary;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.protocol.ConnectionRedactor.Outcome;
import java.util.Arrays;

/**
 * One captured call as the CLI shows it: the core event plus what only the kernel side knows.
 *
 * @param io the event that also feeds the conversation tracker
 * @param comm the calling thread's command name (up to 15 characters)
 * @param fd the socket's file descriptor in the calling process, or -1 when unknown
 * @param epochNanos wall-clock time of the call's start (a receive's: when its data arrived), for display and pcap
 *     timestamps
 * @param shownBytes how much of the payload the outputs (live view, JSON, pcap) show: the {@code -s} snap length.
 *     HTTP/2 connections are captured beyond it, for the span decoder's HPACK, never for display.
 * @param payload what the redaction policy did to {@code io}'s payload: as captured, secrets overwritten in
 *     place, or withheld (the payload then holds zeros, only its length tells anything)
 */
public record TracedEvent(IoEvent io, String comm, int fd, long epochNanos, int shownBytes, Outcome payload) {

    /** An event as captured, before the redaction policy. */
    public TracedEvent(IoEvent io, String comm, int fd, long epochNanos, int shownBytes) {
        this(io, comm, fd, epochNanos, shownBytes, Outcome.CLEAN);
    }

    public TracedEvent(IoEvent io, String comm, int fd, long epochNanos) {
        this(io, comm, fd, epochNanos, Integer.MAX_VALUE);
    }

    /** Descriptors and credentials the message carried. */
    public Ancillary ancillary() {
        return io.ancillary();
    }

    /** The payload as the outputs show it: at most {@link #shownBytes}. */
    public byte[] shownPayload() {
        byte[] bytes = io.payload();
        return bytes.length <= shownBytes ? bytes : Arrays.copyOf(bytes, shownBytes);
    }

    public long pid() {
        return io.connection().process().pid();
    }

    public String path() {
        return io.connection().socketPath();
    }

    /** Whether any payload byte may be shown. */
    public boolean showsPayload() {
        return payload != Outcome.WITHHELD && io.payload().length > 0 && shownBytes > 0;
    }

    /** This event with the payload the policy left, and what it did. */
    TracedEvent withPayload(byte[] redacted, Outcome outcome) {
        return new TracedEvent(io.withPayload(redacted), comm, fd, epochNanos, shownBytes, outcome);
    }
}
