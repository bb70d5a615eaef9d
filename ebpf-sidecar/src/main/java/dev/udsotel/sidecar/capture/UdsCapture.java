package dev.udsotel.sidecar.capture;

import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.process.ProcessIdentities;
import dev.udsotel.sidecar.bpf.UdsProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Host-wide AF_UNIX capture: the eBPF probe's records as {@link UdsEvent}s and core {@link IoEvent}s.
 *
 * <pre>{@code
 * try (UdsCapture capture = UdsCapture.start(CaptureConfig.defaults())) {
 *     while (running) capture.poll((raw, events) -> events.forEach(tracker::onEvent), Duration.ofMillis(100));
 * }
 * }</pre>
 *
 * Poll from one thread; {@link #close()} may come from another (it waits for the current poll).
 */
public final class UdsCapture implements AutoCloseable {
    private final UdsProbe probe;
    private final ConnectionTable connections;
    private final IoEventConverter converter;
    private final List<UdsEvent> batch = new ArrayList<>();
    private final StringCache strings = new StringCache();
    private long undecodable;

    private UdsCapture(UdsProbe probe) {
        this.probe = probe;
        this.connections = new ConnectionTable(new ProcessIdentities(), new ListeningSockets());
        this.converter = new IoEventConverter(connections);
    }

    /**
     * Loads and attaches the probe.
     *
     * @throws dev.udsotel.sidecar.bpf.BpfException saying what is missing: privileges, BTF, tracefs, clang-built object
     */
    public static UdsCapture start(CaptureConfig config) {
        UdsProbe probe = UdsProbe.load(config.probeConfig());
        try {
            UdsEventLayout.verify(probe.eventLayout(), probe.fdInfoLayout());
            UdsEventLayout.verifyRun(probe.runLayout());
            return new UdsCapture(probe);
        } catch (RuntimeException e) {
            probe.close();
            throw e;
        }
    }

    /**
     * Waits up to {@code timeout} for records and hands each, with its core events, to {@code listener}
     * on this thread, after the native poll returned: the listener may throw. The kernel wakes the reader only per
     * {@link CaptureConfig#wakeupBytes()} of pending data, so under light traffic a record waits up to one timeout:
     * poll in a loop with a short timeout (50-200 ms).
     *
     * @return the number of records delivered
     */
    public int poll(CaptureListener listener, Duration timeout) {
        batch.clear();
        probe.poll(record -> batch.add(UdsEvent.decode(record, strings)), (int)
                Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        int delivered = 0;
        for (UdsEvent raw : batch) {
            List<IoEvent> events;
            try {
                events = converter.convert(raw);
            } catch (RuntimeException e) {
                undecodable++;
                continue;
            }
            delivered++;
            listener.onEvent(raw, events);
        }
        batch.clear();
        return delivered;
    }

    /** The sockets of this process the capture still tracks (for tests of the sweep of exited processes). */
    int trackedSocketsOf(int pid) {
        return connections.sizeOf(pid);
    }

    /** Records lost in the kernel because the ring buffer was full. */
    public long kernelDrops() {
        return probe.kernelDrops();
    }

    /** HTTP/2 header frames the kernel captured in part: longer than its bound per frame, or past a full record. */
    public long http2CutHeaderFrames() {
        return probe.http2Count(UdsEventLayout.UDS_HTTP2_CUT_HEADER_FRAMES);
    }

    /** HTTP/2 directions whose framing the kernel lost, captured as prefixes from then on. */
    public long http2FramingLost() {
        return probe.http2Count(UdsEventLayout.UDS_HTTP2_FRAMING_LOST);
    }

    /** Records lost in this process: malformed or not convertible. */
    public long userDrops() {
        return probe.failedRecords() + undecodable;
    }

    @Override
    public void close() {
        probe.close();
    }
}
