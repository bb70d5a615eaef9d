package dev.udsotel.sidecar.output;

import dev.udsotel.core.export.ExportCounts;
import java.io.PrintStream;

/**
 * Says while the capture runs that spans are not reaching the collector, with how many were lost so far: at the
 * first failure, then at most once per interval while the count keeps growing, and once more on exit.
 */
final class ExportLossReport {
    private static final long INTERVAL_NANOS = 30_000_000_000L;

    private final ExportCounts counts;
    private final PrintStream status;
    private final String collector;
    private long reportedFailed;
    private long lastReport;

    ExportLossReport(ExportCounts counts, PrintStream status, String collector) {
        this.counts = counts;
        this.status = status;
        this.collector = collector;
    }

    /** The OTLP endpoint the SDK exports to, as configured. */
    static String configuredCollector() {
        String endpoint = System.getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        if (endpoint == null || endpoint.isBlank()) {
            endpoint = System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT");
        }
        return endpoint == null || endpoint.isBlank() ? "the collector (default endpoint)" : endpoint;
    }

    void check(long nowNanos) {
        long failed = counts.failedSpans();
        if (failed > reportedFailed && (reportedFailed == 0 || nowNanos - lastReport >= INTERVAL_NANOS)) {
            status.println("uds-trace: spans are not reaching " + collector + ": " + failed + " of "
                    + counts.endedSpans() + " spans lost so far");
            reportedFailed = failed;
            lastReport = nowNanos;
        }
    }

    void onExit() {
        if (counts.anyLost()) {
            status.println("uds-trace: spans: " + counts.summary());
        }
    }
}
