package dev.udsotel.agent.instrumentation.record;

import io.opentelemetry.api.metrics.Meter;
import java.util.concurrent.atomic.LongAdder;

/**
 * HTTP/2 header frames longer than the per-frame capture bound ({@code FrameCapture.HEADER_FRAME_BOUND}), captured
 * in part: each cuts a header block short and leaves that direction's HPACK table partly unknown, so the calls after
 * it are named only by what stays certain. Counted by the application threads, reported at exit and as a metric.
 */
public final class CutHeaderFrames {
    private final LongAdder count = new LongAdder();

    void add(long frames) {
        if (frames > 0) {
            count.add(frames);
        }
    }

    public long count() {
        return count.sum();
    }

    /** Reports {@link #count()} as the metric {@code uds.http2.header_frames_cut}, once there is any. */
    public void countIn(Meter meter) {
        meter.counterBuilder("uds.http2.header_frames_cut")
                .setUnit("{frame}")
                .setDescription("HTTP/2 header frames longer than the capture bound per frame, captured in part.")
                .buildWithCallback(counter -> {
                    long cut = count();
                    if (cut > 0) {
                        counter.record(cut);
                    }
                });
    }
}
