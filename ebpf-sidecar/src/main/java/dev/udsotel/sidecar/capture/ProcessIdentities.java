package dev.udsotel.sidecar.capture;

import dev.udsotel.core.event.ProcessIdentity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names processes from /proc/&lt;pid&gt;, cached per pid. A process that is already gone is named by the
 * comm the probe recorded. A changed comm (exec, or a reused pid) refreshes the entry.
 */
final class ProcessIdentities {
    private static final int MAX_CACHED = 4096;
    /** Docker, containerd, CRI-O and podman put the 64-hex container id in the cgroup path. */
    private static final Pattern CONTAINER_ID = Pattern.compile("([0-9a-f]{64})");

    private record Cached(String comm, ProcessIdentity identity) {}

    private final Path proc;
    private final Map<Integer, Cached> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Cached> eldest) {
            return size() > MAX_CACHED;
        }
    };

    ProcessIdentities(Path proc) {
        this.proc = proc;
    }

    ProcessIdentities() {
        this(Path.of("/proc"));
    }

    ProcessIdentity identify(int pid, String comm) {
        Cached cached = cache.get(pid);
        if (cached == null || !cached.comm().equals(comm)) {
            cached = new Cached(comm, read(pid, comm));
            cache.put(pid, cached);
        }
        return cached.identity();
    }

    private ProcessIdentity read(int pid, String comm) {
        Path dir = proc.resolve(Integer.toString(pid));
        String executable = executableName(dir).orElse(comm.isEmpty() ? "pid-" + pid : comm);
        return new ProcessIdentity(pid, executable, executable, containerId(dir));
    }

    private static Optional<String> executableName(Path dir) {
        try {
            Path exe = Files.readSymbolicLink(dir.resolve("exe")).getFileName();
            return Optional.ofNullable(exe).map(Path::toString).map(n -> n.replace(" (deleted)", ""));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    static String containerId(Path dir) {
        try {
            for (String line : Files.readAllLines(dir.resolve("cgroup"))) {
                Matcher m = CONTAINER_ID.matcher(line);
                if (m.find()) {
                    return m.group(1);
                }
            }
        } catch (IOException | SecurityException e) {
            // gone already, or not visible: no container id
        }
        return null;
    }
}
