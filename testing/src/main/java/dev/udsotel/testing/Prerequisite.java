package dev.udsotel.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine: root, BTF, a tool on the PATH. In CI ({@code CI=true}) a missing prerequisite
 * fails the test, so a green run has exercised everything; elsewhere the test is skipped and the reason printed on
 * stderr, so a developer sees what did not run. Tests use this, never a bare assumeTrue.
 */
public final class Prerequisite {
    private Prerequisite() {}

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Fails in CI, or skips loudly elsewhere, unless {@code present}. */
    public static void require(boolean present, String missing) {
        if (!present) {
            missing(missing);
        }
    }

    public static void require(boolean present, Supplier<String> missing) {
        if (!present) {
            missing(missing.get());
        }
    }

    /** For checks that answer why something cannot run: empty means it can. */
    public static void requireNoReason(Optional<String> whyNot, String what) {
        whyNot.ifPresent(why -> missing(what + ": " + why));
    }

    /** Each command must be an executable on the PATH. */
    public static void requireCommands(String... commands) {
        for (String command : commands) {
            require(onPath(command).isPresent(), command + " is not on the PATH (./dev installs it)");
        }
    }

    public static Optional<Path> onPath(String command) {
        if (command.contains("/")) {
            return Optional.of(Path.of(command)).filter(Files::isExecutable);
        }
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static void missing(String what) {
        String message = "prerequisite missing: " + what;
        if (inCi()) {
            throw new AssertionError(message + "; CI=true, so the test fails instead of skipping");
        }
        System.err.println("*** SKIPPED (CI is not set): " + message);
        Assumptions.abort(message);
    }
}
