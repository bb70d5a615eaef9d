package dev.udsotel.sidecar.cli;

import dev.udsotel.sidecar.bpf.ProbeConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/** The kinds of value a {@link Flag} takes, each with its check: a bad value names the flag and what it accepts. */
enum Value {
    SWITCH,
    TEXT,
    POSITIVE,
    /** 1 to 100. */
    PERCENT,
    SNAPLEN,
    POWER_OF_TWO_MIB,
    DIRECTORY,
    /** {@code skip} or {@code export}: true when the answer is export. */
    SKIP_OR_EXPORT,
    GLOB;

    Object parse(Flag flag, String written, String text) throws UsageException {
        if (text.isEmpty()) {
            throw new UsageException(written + " needs " + flag.accepts + ", got an empty value");
        }
        return switch (this) {
            case SWITCH -> true;
            case TEXT -> text;
            case POSITIVE -> positive(flag, written, text);
            case PERCENT -> {
                long n = positive(flag, written, text);
                if (n > 100) {
                    throw bad(flag, written, text, "");
                }
                yield (int) n;
            }
            case SNAPLEN -> {
                long n = whole(flag, written, text);
                if (n < 0 || n > ProbeConfig.MAX_PAYLOAD_BYTES) {
                    throw bad(flag, written, text, "");
                }
                yield (int) n;
            }
            case POWER_OF_TWO_MIB -> {
                long n = positive(flag, written, text);
                if (n > 1024 || Long.bitCount(n) != 1) {
                    throw bad(flag, written, text, "");
                }
                yield (int) n;
            }
            case SKIP_OR_EXPORT ->
                switch (text) {
                    case "skip" -> false;
                    case "export" -> true;
                    default -> throw bad(flag, written, text, "");
                };
            case GLOB -> {
                try {
                    java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + text);
                } catch (RuntimeException e) {
                    throw bad(flag, written, text, " (" + e.getMessage() + ")");
                }
                yield text;
            }
            case DIRECTORY -> {
                Path dir = Path.of(text);
                if (!Files.isDirectory(dir)) {
                    throw bad(flag, written, text, " (not a directory)");
                }
                yield dir;
            }
        };
    }

    private static long positive(Flag flag, String written, String text) throws UsageException {
        long n = whole(flag, written, text);
        if (n <= 0) {
            throw bad(flag, written, text, "");
        }
        return n;
    }

    private static long whole(Flag flag, String written, String text) throws UsageException {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw bad(flag, written, text, "");
        }
    }

    private static UsageException bad(Flag flag, String written, String text, String why) {
        return new UsageException(written + " needs " + flag.accepts + ", got \"" + text + "\"" + why);
    }
}
