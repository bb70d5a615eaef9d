package dev.udsotel.sidecar.cli;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Reads the command line against the {@link Flag} table: a dozen flags do not need a framework. */
public final class OptionsParser {
    private final Map<Flag, List<Object>> given = new EnumMap<>(Flag.class);

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
            Flag flag = Flag.named(arg);
            if (flag != null && flag.takesValue()) {
                String value = inlineValue;
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException(arg + " needs " + flag.accepts);
                    }
                    value = args[++i];
                }
                take(flag, flag.value.parse(flag, arg, value));
            } else if (inlineValue != null) {
                throw new UsageException(arg + " takes no value");
            } else if (flag != null) {
                take(flag, true);
            } else if (arg.startsWith("-") && !arg.startsWith("--") && arg.length() > 2) {
                for (char c : arg.substring(1).toCharArray()) {
                    takeGroupedSwitch("-" + c, arg);
                }
            } else if (!arg.startsWith("-")) {
                throw new UsageException("unexpected argument " + arg
                        + ": uds-trace takes only flags (filter with --path, --pid or --comm)");
            } else {
                throw unknown(arg);
            }
        }
        Options options = new Options(given);
        if (Options.STDOUT.equals(options.json()) && Options.STDOUT.equals(options.pcap())) {
            throw new UsageException("--json - and --pcap - cannot both write to stdout; give one of them a file");
        }
        return options;
    }

    private void takeGroupedSwitch(String name, String asWritten) throws UsageException {
        Flag flag = Flag.named(name);
        if (flag == null) {
            throw unknown(asWritten);
        }
        if (flag.takesValue()) {
            throw new UsageException(name + " needs " + flag.accepts + " and cannot be grouped in " + asWritten);
        }
        take(flag, true);
    }

    private void take(Flag flag, Object value) {
        List<Object> values = given.computeIfAbsent(flag, f -> new ArrayList<>());
        if (!flag.repeatable) {
            values.clear();
        }
        values.add(value);
    }

    private static UsageException unknown(String asWritten) {
        return new UsageException("unknown flag " + asWritten + " (uds-trace --help lists the flags)");
    }
}
