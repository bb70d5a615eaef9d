package dev.udsotel.sidecar.cli;

import java.util.List;

/**
 * Everything the command line asked for, checked.
 *
 * @param paths socket path globs; {@code @name} for abstract names; empty traces every path
 * @param pids process ids to trace; empty traces every process
 * @param comms command or executable names to trace; empty traces every name
 * @param hexDump {@code -X}: a hex and ASCII dump under each live line
 * @param quiet {@code -q}: no live view
 * @param json {@code --json}: a file, {@code -} for stdout, or null
 * @param pcap {@code --pcap}: a file, {@code -} for stdout, or null
 * @param export whether spans go to the OTEL_* configured exporter
 * @param cgroup a cgroup v2 directory whose processes alone are captured (in the kernel), or null
 * @param snaplen bytes of each message the kernel copies, 0..4096
 * @param bufferMiB the kernel-to-user ring buffer's size in MiB, a power of two
 * @param count stop after this many messages, 0 for never
 * @param statusSeconds how often the progress line is printed while the live view is off
 * @param help {@code --help}
 */
public record Options(
        List<String> paths,
        List<Long> pids,
        List<String> comms,
        java.nio.file.Path cgroup,
        boolean hexDump,
        boolean quiet,
        String json,
        String pcap,
        boolean export,
        int snaplen,
        int bufferMiB,
        long count,
        int statusSeconds,
        boolean help) {

    public static final String STDOUT = "-";

    /** The live view prints unless silenced or stdout carries JSON or pcap instead. */
    public boolean liveView() {
        return !quiet && !STDOUT.equals(json) && !STDOUT.equals(pcap);
    }
}
