package dev.udsotel.sidecar.output;

import dev.udsotel.sidecar.capture.UdsEventLayout;
import java.io.PrintStream;
import java.util.Comparator;

/** The report printed on exit: totals, one row per process, and what was dropped where. */
public final class Summary {
    private Summary() {}

    public static void print(PrintStream out, CaptureStats stats, DropCounts drops) {
        out.printf(
                "%n%d messages, %d bytes, %d connections captured%n",
                stats.messages(), stats.bytes(), stats.connections());
        if (!stats.processes().isEmpty()) {
            out.printf(
                    "%8s  %-16s %10s %12s %10s %12s  %s%n",
                    "PID", "COMMAND", "SENT", "SENT B", "RECEIVED", "RECEIVED B", "PATHS");
            stats.processes().stream()
                    .sorted(Comparator.comparingLong((CaptureStats.ProcessStats p) -> -(p.bytesSent + p.bytesReceived)))
                    .forEach(p -> out.printf(
                            "%8d  %-16s %10d %12d %10d %12d  %s%n",
                            p.pid,
                            p.command,
                            p.messagesSent,
                            p.bytesSent,
                            p.messagesReceived,
                            p.bytesReceived,
                            String.join(" ", p.paths)));
        }
        out.printf(
                "%d events dropped by the kernel (ring buffer full, counted before filtering), %d dropped in user space%n",
                drops.kernel(), drops.user());
        if (drops.http2CutHeaderFrames() > 0) {
            out.printf(
                    "%d HTTP/2 header frames captured in part by the kernel (over %d bytes, or past a full record):"
                            + " the calls after each are named only by what stayed certain%n",
                    drops.http2CutHeaderFrames(), UdsEventLayout.UDS_HTTP2_HEADER_FRAME_MAX);
        }
        if (drops.http2FramingLost() > 0) {
            out.printf(
                    "%d HTTP/2 socket directions whose framing the kernel lost (a call too long to follow, sendfile or"
                            + " splice): captured up to %d bytes per call from then on%n",
                    drops.http2FramingLost(), UdsEventLayout.UDS_PAYLOAD_MAX);
        }
        out.flush();
    }

    /** The line printed every few seconds while the live view is off. */
    public static String progressLine(CaptureStats stats, DropCounts drops, long elapsedSeconds) {
        return String.format(
                "uds-trace: %ds: %d messages, %d bytes, %d connections, dropped %d kernel / %d user",
                elapsedSeconds, stats.messages(), stats.bytes(), stats.connections(), drops.kernel(), drops.user());
    }
}
