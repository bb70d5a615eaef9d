package dev.udsotel.sidecar.cli;

import dev.udsotel.sidecar.bpf.ProbeConfig;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Everything the command line asked for, checked; each accessor reads one {@link Flag}, or its default. */
public final class Options {
    public static final String STDOUT = "-";

    private final Map<Flag, List<Object>> given;

    Options(Map<Flag, List<Object>> given) {
        this.given = new EnumMap<>(Flag.class);
        given.forEach((flag, values) -> this.given.put(flag, List.copyOf(values)));
    }

    /** Socket path globs; {@code @name} for abstract names; empty traces every path. */
    public List<String> paths() {
        return all(Flag.PATH, String.class);
    }
    /** Process ids to trace; empty traces every process. */
    public List<Long> pids() {
        return all(Flag.PID, Long.class);
    }
    /** Command or executable names to trace; empty traces every name. */
    public List<String> comms() {
        return all(Flag.COMM, String.class);
    }
    /** A cgroup v2 directory whose processes alone are captured (in the kernel), or null. */
    public Path cgroup() {
        return last(Flag.CGROUP, Path.class);
    }

    public boolean hexDump() {
        return last(Flag.HEX_DUMP, Boolean.class);
    }

    public boolean quiet() {
        return last(Flag.QUIET, Boolean.class);
    }
    /** A file, {@link #STDOUT}, or null. */
    public String json() {
        return last(Flag.JSON, String.class);
    }
    /** A file, {@link #STDOUT}, or null. */
    public String pcap() {
        return last(Flag.PCAP, String.class);
    }
    /** Whether spans go to the OTEL_* configured exporter. */
    public boolean export() {
        return !last(Flag.NO_EXPORT, Boolean.class);
    }
    /** Whether spans are made for the stream sockets of JVMs that run the agent too ({@code --agent-jvms export}). */
    public boolean exportAgentJvms() {
        return last(Flag.AGENT_JVMS, Boolean.class);
    }
    /** Bytes of each message the kernel copies. */
    /**
     * Bytes of each message to copy. A pcap defaults to the most the probe copies: a message cut short ends
     * Wireshark's reassembly of its stream, so the replies after it would not decode.
     */
    public int snaplen() {
        if (!given.containsKey(Flag.SNAPLEN) && pcap() != null) {
            return ProbeConfig.MAX_PAYLOAD_BYTES;
        }
        return last(Flag.SNAPLEN, Integer.class);
    }
    /** The kernel-to-user ring buffer's size in MiB, a power of two. */
    public int cpuPercent() {
        return last(Flag.CPU, Integer.class);
    }

    public int bufferMiB() {
        return last(Flag.BUFFER_SIZE, Integer.class);
    }
    /** Stop after this many messages, 0 for never. */
    public long count() {
        return last(Flag.COUNT, Long.class);
    }
    /** How often the progress line is printed while the live view is off. */
    public int statusSeconds() {
        return (int) Math.min(Integer.MAX_VALUE, last(Flag.STATUS_INTERVAL, Long.class));
    }

    public boolean help() {
        return last(Flag.HELP, Boolean.class);
    }
    /** False for {@code --no-redaction}: every output shows payloads as captured. */
    public boolean redaction() {
        return !last(Flag.NO_REDACTION, Boolean.class);
    }
    /** Socket path globs whose unrecognized binary payloads are shown as captured. */
    public List<String> rawPaths() {
        return all(Flag.RAW_PATH, String.class);
    }

    /** The policy every output applies before a payload byte leaves. */
    public dev.udsotel.core.redaction.Redaction redactionPolicy() {
        return new dev.udsotel.core.redaction.Redaction(redaction(), rawPaths());
    }

    /** The live view prints unless silenced or stdout carries JSON or pcap instead. */
    public boolean liveView() {
        return !quiet() && !STDOUT.equals(json()) && !STDOUT.equals(pcap());
    }

    private <T> List<T> all(Flag flag, Class<T> type) {
        return given.getOrDefault(flag, List.of()).stream().map(type::cast).toList();
    }

    private <T> T last(Flag flag, Class<T> type) {
        List<Object> values = given.getOrDefault(flag, List.of());
        return type.cast(values.isEmpty() ? flag.defaultValue : values.get(values.size() - 1));
    }
}
