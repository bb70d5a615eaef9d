package dev.udsotel.sidecar.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Filters that can never match are said at start, not discovered after a silent hour: a {@code --pid} with no
 * such process stops the start, and a {@code --path} that matches no socket yet gets a note (it may appear).
 */
final class StartChecks {
    private static final int MAX_WALK_DEPTH = 8;

    private StartChecks() {}

    static void requireProcesses(Options options, Path proc) throws EnvironmentException {
        for (long pid : options.pids()) {
            if (!Files.isDirectory(proc.resolve(Long.toString(pid)))) {
                throw new EnvironmentException("--pid " + pid + ": no such process (in a container, pids are the"
                        + " host's: run with pid: host, or hostPID in Kubernetes)");
            }
        }
    }

    static void noteUnmatchedPaths(Options options, Path proc, PrintStream status) {
        if (options.paths().isEmpty()) {
            return;
        }
        List<String> bound = boundSockets(proc);
        for (String written : options.paths()) {
            PathPattern pattern = PathPattern.of(written);
            if (bound.stream().noneMatch(pattern::matches) && !anyFileMatches(written, pattern)) {
                status.println("uds-trace: note: --path " + written + " matches no socket visible here yet;"
                        + " capturing anyway (a socket made later, or in another container, still matches)");
            }
        }
    }

    /** Every socket address bound in this network namespace, abstract names as {@code @name}. */
    private static List<String> boundSockets(Path proc) {
        List<String> paths = new ArrayList<>();
        try (Stream<String> lines = Files.lines(proc.resolve("net/unix"))) {
            lines.skip(1)
                    .map(line -> line.trim().split("\\s+", 8))
                    .filter(fields -> fields.length == 8)
                    .forEach(fields -> paths.add(fields[7]));
        } catch (IOException | RuntimeException e) {
            // no /proc/net/unix: only the file system is looked at
        }
        return paths;
    }

    /** Files under the glob's literal leading directory: sockets of other network namespaces show here only. */
    private static boolean anyFileMatches(String written, PathPattern pattern) {
        if (written.startsWith("@")) {
            return false;
        }
        String absolute = Path.of(written).toAbsolutePath().normalize().toString();
        int meta = firstGlobCharacter(absolute);
        if (meta < 0) {
            return Files.exists(Path.of(absolute));
        }
        Path start = Path.of(absolute.substring(0, absolute.lastIndexOf('/', meta) + 1));
        int depth = absolute.contains("**")
                ? MAX_WALK_DEPTH
                : (int) absolute.substring(start.toString().length())
                                .chars()
                                .filter(c -> c == '/')
                                .count()
                        + 1;
        try (Stream<Path> files = Files.walk(start, depth)) {
            return files.anyMatch(p -> pattern.matches(p.toString()));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static int firstGlobCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            if ("*?[{".indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
