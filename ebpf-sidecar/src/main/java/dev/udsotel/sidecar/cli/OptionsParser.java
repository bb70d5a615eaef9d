package dev.udsotel.sidecar.cli;

import dev.udsotel.sidecar.bpf.ProbeConfig;
import dev.udsotel.sidecar.capture.CaptureConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the command line by hand: a dozen flags do not need a framework. */
public final class OptionsParser {
    private final List<String> paths = new ArrayList<>();
    private final List<Long> pids = new ArrayList<>();
    private final List<String> comms = new ArrayList<>();
    private boolean hexDump;
    private boolean quiet;
    private String json;
    private String pcap;
    private boolean export = true;
    private Path cgroup;
    private int snaplen = CaptureConfig.DEFAULT_PAYLOAD_BYTES;
    /** Larger than the capture's default: a host-wide burst, or the JIT warming up, must not overflow it. */
    private int bufferMiB = 16;
    private long count;
    private int statusSeconds = 10;
    private boolean help;

    private OptionsParser() {}

    public static Options parse(String... args) throws UsageException {
        return new OptionsParser().read(args);
    }

    private Options read(String[] args) throws UsageException {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String inlineValue = null;
            if (arg.startsWith("--") && arg.contains("=")) {
                inlineValue = arg.substring(arg.indexOf('=') + 1);
                arg = arg.substring(0, arg.indexOf('='));
            }
            if (needsValue(arg)) {
                String value = inlineValue;
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException(arg + " needs " + accepts(arg));
                    }
                    value = args[++i];
                }
                takeValue(arg, value);
            } else if (inlineValue != null) {
                throw new UsageException(arg + " takes no value");
            } else if (arg.startsWith("-") && !arg.startsWith("--") && arg.length() > 2) {
                for (char flag : arg.substring(1).toCharArray()) {
                    takeSwitch("-" + flag, arg);
                }
            } else {
                takeSwitch(arg, arg);
            }
        }
        if (bothOnStdout()) {
            throw new UsageException("--json - and --pcap - cannot both write to stdout; give one of them a file");
        }
        return new Options(List.copyOf(paths), List.copyOf(pids), List.copyOf(comms), cgroup, hexDump, quiet, json,
                pcap, export, snaplen, bufferMiB, count, statusSeconds, help);
    }

    private boolean bothOnStdout() {
        return Options.STDOUT.equals(json) && Options.STDOUT.equals(pcap);
    }

    private static boolean needsValue(String flag) {
        return switch (flag) {
            case "--path", "--pid", "--comm", "--json", "--pcap", "-c", "--count", "-s", "--snaplen", "--status-interval",
                    "--cgroup", "--buffer-size" -> true;
            default -> false;
        };
    }

    private static String accepts(String flag) {
        return switch (flag) {
            case "--path" -> "a socket path or glob, such as /run/docker.sock, '/tmp/*.sock' or @abstract-name";
            case "--pid" -> "a process id (a positive integer)";
            case "--comm" -> "a command name, such as redis-server";
            case "--json" -> "a file name, or - for stdout";
            case "--pcap" -> "a file name, or - for stdout";
            case "-c", "--count" -> "a number of messages (a positive integer)";
            case "--status-interval" -> "a number of seconds (a positive integer)";
            case "-s", "--snaplen" -> "a number of bytes from 0 to " + ProbeConfig.MAX_PAYLOAD_BYTES;
            case "--cgroup" -> "a cgroup v2 directory, such as /sys/fs/cgroup/system.slice/redis-server.service";
            case "--buffer-size" -> "a size in MiB that is a power of two from 1 to 1024";
            default -> "a value";
        };
    }

    private void takeValue(String flag, String value) throws UsageException {
        if (value.isEmpty()) {
            throw new UsageException(flag + " needs " + accepts(flag) + ", got an empty value");
        }
        switch (flag) {
            case "--path" -> paths.add(value);
            case "--pid" -> pids.add(positive(flag, value));
            case "--comm" -> comms.add(value);
            case "--json" -> json = value;
            case "--pcap" -> pcap = value;
            case "-c", "--count" -> count = positive(flag, value);
            case "-s", "--snaplen" -> snaplen = snaplen(flag, value);
            case "--cgroup" -> cgroup = cgroupDirectory(flag, value);
            case "--buffer-size" -> bufferMiB = bufferSize(flag, value);
            case "--status-interval" -> statusSeconds = (int) Math.min(Integer.MAX_VALUE, positive(flag, value));
            default -> throw new IllegalStateException(flag);
        }
    }

    private void takeSwitch(String flag, String asWritten) throws UsageException {
        switch (flag) {
            case "-X" -> hexDump = true;
            case "-q", "--quiet" -> quiet = true;
            case "--no-export" -> export = false;
            case "-h", "--help" -> help = true;
            default -> {
                if (!asWritten.startsWith("-")) {
                    throw new UsageException("unexpected argument " + asWritten
                            + ": uds-trace takes only flags (filter with --path, --pid or --comm)");
                }
                if (needsValue(flag)) {
                    throw new UsageException(flag + " needs " + accepts(flag) + " and cannot be grouped in " + asWritten);
                }
                throw new UsageException("unknown flag " + asWritten + " (uds-trace --help lists the flags)");
            }
        }
    }

    private static Path cgroupDirectory(String flag, String value) throws UsageException {
        Path dir = Path.of(value);
        if (!Files.isDirectory(dir)) {
            throw new UsageException(flag + " needs " + accepts(flag) + ", got \"" + value + "\" (not a directory)");
        }
        return dir;
    }

    private static int bufferSize(String flag, String value) throws UsageException {
        long n = positive(flag, value);
        if (n > 1024 || Long.bitCount(n) != 1) {
            throw new UsageException(flag + " needs " + accepts(flag) + ", got \"" + value + "\"");
        }
        return (int) n;
    }

    private static int snaplen(String flag, String value) throws UsageException {
        try {
            int n = Integer.parseInt(value);
            if (n >= 0 && n <= ProbeConfig.MAX_PAYLOAD_BYTES) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below with what the flag accepts
        }
        throw new UsageException(flag + " needs " + accepts(flag) + ", got \"" + value + "\"");
    }

    private static long positive(String flag, String value) throws UsageException {
        try {
            long n = Long.parseLong(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below with what the flag accepts
        }
        throw new UsageException(flag + " needs " + accepts(flag) + ", got \"" + value + "\"");
    }
}
