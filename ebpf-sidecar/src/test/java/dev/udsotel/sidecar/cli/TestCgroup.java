package dev.udsotel.sidecar.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Confines the probe to this test JVM and the programs it starts. The machine is shared: other people's
 * benchmarks can fill the ring buffer with their own events, and the tests are about what the CLI does with
 * the events it gets, not about the neighbours' load. The test JVM moves itself into a fresh cgroup v2
 * directory, so every program it starts afterwards is in it, and {@code --cgroup} hands that to the kernel
 * side. Where no writable cgroup v2 hierarchy exists, the tests run host-wide.
 */
public final class TestCgroup {
    private static final List<Path> HIERARCHIES = List.of(Path.of("/sys/fs/cgroup/unified"), Path.of("/sys/fs/cgroup"));
    private static Path directory;
    private static Path original;

    private TestCgroup() {}

    public static synchronized void enter() {
        if (directory != null) {
            return;
        }
        for (Path hierarchy : HIERARCHIES) {
            if (Files.isWritable(hierarchy.resolve("cgroup.procs"))) {
                try {
                    original = hierarchy.resolve(currentCgroup().substring(1));
                    Path dir = hierarchy.resolve(
                            "uds-trace-tests-" + ProcessHandle.current().pid());
                    Files.createDirectories(dir);
                    Files.writeString(
                            dir.resolve("cgroup.procs"),
                            Long.toString(ProcessHandle.current().pid()));
                    directory = dir;
                    return;
                } catch (IOException | RuntimeException e) {
                    directory = null;
                }
            }
        }
    }

    /** The cgroup this JVM moved into, when it could. */
    public static synchronized java.util.Optional<Path> directory() {
        return java.util.Optional.ofNullable(directory);
    }

    /** The flags that confine a uds-trace run to this JVM's cgroup, followed by {@code args}. */
    static String[] confined(String... args) {
        List<String> all = new ArrayList<>();
        if (directory != null) {
            all.add("--cgroup");
            all.add(directory.toString());
        }
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    /** Moves the JVM back; the directory goes once the programs started from it have ended. */
    public static synchronized void leave() {
        if (directory == null) {
            return;
        }
        try {
            Files.writeString(
                    original.resolve("cgroup.procs"),
                    Long.toString(ProcessHandle.current().pid()));
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // a child still inside keeps the directory; it is empty and harmless once the child exits
        }
        directory = null;
    }

    private static String currentCgroup() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            if (line.startsWith("0::")) {
                return line.substring(3);
            }
        }
        throw new IOException("not in a cgroup v2 hierarchy");
    }
}
