package dev.udsotel.sidecar.cli;

import dev.udsotel.sidecar.bpf.ProbeConfig;
import dev.udsotel.sidecar.capture.CaptureConfig;
import dev.udsotel.sidecar.output.SpanExport;
import java.util.List;

/**
 * Every uds-trace flag, with its one spelling, what it accepts and its help line: the parser, {@link Options} and
 * {@code --help} are all derived from this table. A new flag is one constant here and one accessor in Options.
 */
public enum Flag {
    PATH(
            null,
            "--path",
            Value.TEXT,
            "GLOB",
            Section.FILTER,
            true,
            null,
            "a socket path or glob, such as /run/docker.sock, '/tmp/*.sock' or @abstract-name",
            "socket path or glob: /run/docker.sock, '/tmp/*.sock', '/run/**'. Abstract names are written @name"
                    + " ('@/tmp/.X11-unix/*'). Symlinks are resolved, so /var/run/docker.sock and /run/docker.sock"
                    + " name the same socket."),
    PID(
            null,
            "--pid",
            Value.POSITIVE,
            "N",
            Section.FILTER,
            true,
            null,
            "a process id (a positive integer)",
            "process id (as seen from the host's pid namespace)"),
    COMM(
            null,
            "--comm",
            Value.TEXT,
            "NAME",
            Section.FILTER,
            true,
            null,
            "a command name, such as redis-server",
            "command name (as in ps -o comm) or executable name, such as redis-server"),
    CGROUP(
            null,
            "--cgroup",
            Value.DIRECTORY,
            "DIR",
            Section.FILTER,
            false,
            null,
            "a cgroup v2 directory, such as /sys/fs/cgroup/system.slice/redis-server.service",
            "only processes in this cgroup v2 directory, such as one container's"
                    + " /sys/fs/cgroup/system.slice/docker-<id>.scope (exact cgroup, not its children)"),
    HEX_DUMP(
            "-X",
            null,
            Value.SWITCH,
            null,
            Section.OUTPUT,
            false,
            false,
            null,
            "also a hex and ASCII dump of each message's captured bytes, like tcpdump -X"),
    QUIET(
            "-q",
            "--quiet",
            Value.SWITCH,
            null,
            Section.OUTPUT,
            false,
            false,
            null,
            "no live view; a status line goes to stderr every few seconds instead"),
    JSON(
            null,
            "--json",
            Value.TEXT,
            "FILE|-",
            Section.OUTPUT,
            false,
            null,
            "a file name, or - for stdout",
            "JSON lines: one object per event with every field (time, pid, comm, exe, fd, path, kind, role,"
                    + " socket type, connection id, bytes, payload_base64, text, redaction)"),
    PCAP(
            null,
            "--pcap",
            Value.TEXT,
            "FILE|-",
            Section.OUTPUT,
            false,
            null,
            "a file name, or - for stdout",
            "a pcap file Wireshark and tshark open with no plugin. Stream connections appear as TCP between"
                    + " 10.x.y.z (the client, its pid in the address) and 127.x.y.z (one address per socket path), on"
                    + " port 80 when the traffic is HTTP, 6379 when it is Redis and 5432 for PostgreSQL, so the stock"
                    + " dissectors decode it; datagrams appear as UDP."),
    SNAPLEN(
            "-s",
            "--snaplen",
            Value.SNAPLEN,
            "N",
            Section.OUTPUT,
            false,
            CaptureConfig.DEFAULT_PAYLOAD_BYTES,
            "a number of bytes from 0 to " + ProbeConfig.MAX_PAYLOAD_BYTES,
            "bytes of each message to copy, 0 to " + ProbeConfig.MAX_PAYLOAD_BYTES + " (default "
                    + CaptureConfig.DEFAULT_PAYLOAD_BYTES + ", or " + ProbeConfig.MAX_PAYLOAD_BYTES + " with --pcap so"
                    + " Wireshark reassembles the streams); the byte counts are always complete"),
    /** Larger than the capture's default: a host-wide burst, or the JIT warming up, must not overflow it. */
    BUFFER_SIZE(
            null,
            "--buffer-size",
            Value.POWER_OF_TWO_MIB,
            "MIB",
            Section.OUTPUT,
            false,
            16,
            "a size in MiB that is a power of two from 1 to 1024",
            "kernel ring buffer in MiB, a power of two (default 16); raise it when the summary reports kernel"
                    + " drops"),
    NO_EXPORT(null, "--no-export", Value.SWITCH, null, Section.OUTPUT, false, false, null, "make no spans"),
    CPU(
            null,
            "--cpu",
            Value.PERCENT,
            "PERCENT",
            Section.OUTPUT,
            false,
            SpanExport.DEFAULT_CPU_PERCENT,
            "a percentage of one core from 1 to 100",
            "uds-trace's CPU budget, in percent of one core for the whole process (default "
                    + SpanExport.DEFAULT_CPU_PERCENT
                    + "; 100: none), kept by shedding span work: over it, whole exchanges are counted in the"
                    + " metrics instead of exported as spans, and the summary says how many. Reading the capture is"
                    + " never shed: when it alone takes more, every exchange is shed and kernel drops tell the rest"),
    AGENT_JVMS(
            null,
            "--agent-jvms",
            Value.SKIP_OR_EXPORT,
            "skip|export",
            Section.OUTPUT,
            false,
            false,
            "skip (the agent exports their spans) or export (spans from both)",
            "JVMs that run the uds-otel agent export their own spans, nested in the application's traces: by"
                    + " default (skip) uds-trace makes none for their stream sockets, so each end of an exchange is"
                    + " exported once; export makes them anyway"),
    COUNT(
            "-c",
            "--count",
            Value.POSITIVE,
            "N",
            Section.OUTPUT,
            false,
            0L,
            "a number of messages (a positive integer)",
            "stop after N messages"),
    STATUS_INTERVAL(
            null,
            "--status-interval",
            Value.POSITIVE,
            "S",
            Section.OUTPUT,
            false,
            10L,
            "a number of seconds (a positive integer)",
            "seconds between status lines when the live view is off (default 10)"),
    RAW_PATH(
            null,
            "--raw-path",
            Value.GLOB,
            "GLOB",
            Section.REDACTION,
            true,
            null,
            "a socket path glob whose unrecognized binary payloads may be shown, such as '/run/app/*.sock'",
            "show the bytes of binary traffic nothing recognizes on these socket paths"),
    NO_REDACTION(
            null,
            "--no-redaction",
            Value.SWITCH,
            null,
            Section.REDACTION,
            false,
            false,
            null,
            "show, write and export every payload as captured, secrets included; prints a warning. ssh-agent and"
                    + " gpg-agent key material is never shown."),
    HELP("-h", "--help", Value.SWITCH, null, Section.OUTPUT, false, false, null, "this text");

    /** Where --help lists a flag. */
    enum Section {
        FILTER,
        OUTPUT,
        REDACTION
    }

    final String shortName;
    final String longName;
    final Value value;
    final String valueName;
    final Section section;
    final boolean repeatable;
    final Object defaultValue;
    final String accepts;
    final String help;

    Flag(
            String shortName,
            String longName,
            Value value,
            String valueName,
            Section section,
            boolean repeatable,
            Object defaultValue,
            String accepts,
            String help) {
        this.shortName = shortName;
        this.longName = longName;
        this.value = value;
        this.valueName = valueName;
        this.section = section;
        this.repeatable = repeatable;
        this.defaultValue = defaultValue;
        this.accepts = accepts;
        this.help = help;
    }

    boolean takesValue() {
        return value != Value.SWITCH;
    }

    /** The spellings, as a user types them. */
    List<String> names() {
        return shortName == null
                ? List.of(longName)
                : longName == null ? List.of(shortName) : List.of(shortName, longName);
    }

    /** How --help and the usage line write the flag: {@code -s, --snaplen N}. */
    String synopsis() {
        return String.join(", ", names()) + (valueName == null ? "" : " " + valueName);
    }

    static Flag named(String name) {
        for (Flag flag : values()) {
            if (flag.names().contains(name)) {
                return flag;
            }
        }
        return null;
    }
}
