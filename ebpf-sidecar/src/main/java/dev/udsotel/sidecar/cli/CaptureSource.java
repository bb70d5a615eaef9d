package dev.udsotel.sidecar.cli;

import dev.udsotel.core.event.IoEvent;
import dev.udsotel.sidecar.bpf.BpfException;
import dev.udsotel.sidecar.capture.CaptureConfig;
import dev.udsotel.sidecar.capture.UdsCapture;
import dev.udsotel.sidecar.capture.UdsEvent;
import dev.udsotel.sidecar.capture.UdsEventLayout;
import dev.udsotel.sidecar.output.DropCounts;
import dev.udsotel.sidecar.output.TracedEvent;
import dev.udsotel.sidecar.output.WallClock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The eBPF capture as an {@link EventSource}: the one place a core event (the shared model, which knows no comm or fd)
 * is joined with what only its kernel record knows, the thread's comm, the fd and the wall-clock time, into the CLI's
 * {@link TracedEvent}.
 */
final class CaptureSource implements EventSource {
    private final UdsCapture capture;
    private final WallClock clock = new WallClock();
    private final int snaplen;

    private CaptureSource(UdsCapture capture, int snaplen) {
        this.capture = capture;
        this.snaplen = snaplen;
    }

    /**
     * Loads the probe. A single {@code --pid} and {@code --cgroup} are filtered in the kernel, so other
     * processes' traffic costs nothing and cannot fill the ring buffer.
     */
    static CaptureSource open(Options options) throws EnvironmentException {
        CaptureConfig config = CaptureConfig.defaults()
                .withPayloadBytes(options.snaplen())
                .withRingBufferBytes(options.bufferMiB() << 20);
        if (options.pids().size() == 1) {
            config = config.withTargetPid(Math.toIntExact(options.pids().get(0)));
        }
        try {
            if (options.cgroup() != null) {
                config = config.withCgroup(options.cgroup());
            }
            return new CaptureSource(UdsCapture.start(config), options.snaplen());
        } catch (BpfException e) {
            throw new EnvironmentException(e.getMessage());
        } catch (java.io.IOException e) {
            throw new EnvironmentException("--cgroup " + options.cgroup() + ": " + e.getMessage());
        }
    }

    @Override
    public int poll(int timeoutMillis, Consumer<TracedEvent> consumer) {
        clock.refreshIfStale();
        return capture.poll(
                (raw, events) -> {
                    for (IoEvent io : events) {
                        if (io.kind().carriesData() && io.byteCount() <= 0) {
                            continue; // end of stream or a failed call: no message
                        }
                        consumer.accept(traced(raw, io));
                    }
                },
                Duration.ofMillis(timeoutMillis));
    }

    private TracedEvent traced(UdsEvent raw, IoEvent io) {
        int shown = (raw.flags() & UdsEventLayout.UDS_F_HTTP2) != 0 ? snaplen : Integer.MAX_VALUE;
        return new TracedEvent(io, raw.comm(), raw.fd(), clock.toEpochNanos(io.startNanos()), shown);
    }

    @Override
    public DropCounts drops() {
        return new DropCounts(
                capture.kernelDrops(), capture.userDrops(), capture.http2CutHeaderFrames(), capture.http2FramingLost());
    }

    @Override
    public void close() {
        capture.close();
    }
}
