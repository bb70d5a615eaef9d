package dev.udsotel.sidecar.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The totals uds-trace last reported on stderr: from its progress line while it runs, from its summary at exit. */
record CaptureCounts(long messages, long bytes, long connections, long kernelDrops, long userDrops) {
    private static final Pattern PROGRESS =
            Pattern.compile("(\\d+) messages, (\\d+) bytes, (\\d+) connections, dropped (\\d+) kernel / (\\d+) user");
    private static final Pattern SUMMARY_TOTALS =
            Pattern.compile("(\\d+) messages, (\\d+) bytes, (\\d+) connections captured");
    private static final Pattern SUMMARY_DROPS = Pattern.compile(
            "(\\d+) events dropped by the kernel \\(ring buffer full, counted before filtering\\), (\\d+) dropped in user space");

    static final CaptureCounts NONE = new CaptureCounts(0, 0, 0, 0, 0);

    /** The most recent progress line, or NONE before the first. */
    static CaptureCounts latestProgress(String stderr) {
        Matcher m = PROGRESS.matcher(stderr);
        CaptureCounts latest = NONE;
        while (m.find()) {
            latest = new CaptureCounts(number(m, 1), number(m, 2), number(m, 3), number(m, 4), number(m, 5));
        }
        return latest;
    }

    /** The summary printed on exit; fails when there is none. */
    static CaptureCounts summary(String stderr) {
        Matcher totals = SUMMARY_TOTALS.matcher(stderr);
        Matcher drops = SUMMARY_DROPS.matcher(stderr);
        if (!totals.find() || !drops.find()) {
            throw new AssertionError("no summary in:\n" + stderr);
        }
        return new CaptureCounts(
                number(totals, 1), number(totals, 2), number(totals, 3), number(drops, 1), number(drops, 2));
    }

    long drops() {
        return kernelDrops + userDrops;
    }

    private static long number(Matcher m, int group) {
        return Long.parseLong(m.group(group));
    }
}
