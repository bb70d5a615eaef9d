package dev.udsotel.core.process;

import dev.udsotel.core.event.ContainerIds;
import dev.udsotel.core.event.ProcessIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Names processes from /proc/&lt;pid&gt;, cached per pid. The service is named after what the process was started
 * as (argv[0]), the executable after the file /proc/&lt;pid&gt;/exe points to: on Debian redis-server is a symlink
 * to redis-check-rdb. A process that is already gone is named by the comm the probe recorded. A changed comm
 * (exec, or a reused pid) refreshes the entry.
 */
public final class ProcessIdentities {
    private static final int MAX_CACHED = 4096;
    /** Docker, containerd, CRI-O and podman put the 64-hex container id in the cgroup path. */
    private record Cached(String comm, ProcessIdentity identity) {}

    private final Path proc;
    private final Map<Integer, Cached> cache = new LeastRecentlyUsed<>(MAX_CACHED);

    public ProcessIdentities(Path proc) {
        this.proc = proc;
    }

    public ProcessIdentities() {
        this(Path.of("/proc"));
    }

    public ProcessIdentity identify(int pid, String comm) {
        Cached cached = cache.get(pid);
        if (cached == null || !cached.comm().equals(comm)) {
            cached = new Cached(comm, read(pid, comm));
            cache.put(pid, cached);
        }
        return cached.identity();
    }

    /** The service name uds-trace gives the process, from the cache when it is there. */
    public String serviceNameOf(int pid) {
        Cached cached = cache.get(pid);
        return cached != null ? cached.identity().serviceName() : read(pid, "").serviceName();
    }

    /** The process's executable file name, from the cache when it is there. */
    public String executableOf(int pid) {
        Cached cached = cache.get(pid);
        return cached != null
                ? cached.identity().executableName()
                : read(pid, "").executableName();
    }

    private ProcessIdentity read(int pid, String comm) {
        Path dir = proc.resolve(Integer.toString(pid));
        String fallback = comm.isEmpty() ? "pid-" + pid : comm;
        String executable = executableName(dir).orElse(fallback);
        String service = startedAs(dir).orElse(fallback);
        return new ProcessIdentity(pid, executable, service, containerId(dir));
    }

    private static Optional<String> startedAs(Path dir) {
        try {
            return commandName(Files.readAllBytes(dir.resolve("cmdline")));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * The base name of argv[0]. A process that rewrites its title (redis: "redis-server *:0" or
     * "/usr/bin/redis-server unixsocket:/run/redis.sock", postgres: "postgres: walwriter") keeps its name before
     * the first space that is not inside a path.
     */
    static Optional<String> commandName(byte[] cmdline) {
        int end = 0;
        while (end < cmdline.length && cmdline[end] != 0) {
            end++;
        }
        String argv0 = new String(cmdline, 0, end, StandardCharsets.UTF_8);
        String command = argv0.substring(0, endOfCommand(argv0));
        String name = command.substring(command.lastIndexOf('/') + 1);
        if (name.endsWith(":")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }

    /**
     * Where the command ends: at the first space, unless the command is a path and the space sits inside a
     * directory name ("/opt/My App/bin/app": the text up to the next '/' holds no space and no ':').
     */
    private static int endOfCommand(String argv0) {
        int space = argv0.indexOf(' ');
        while (space >= 0 && argv0.lastIndexOf('/', space) >= 0) {
            int slash = argv0.indexOf('/', space);
            if (slash < 0) {
                break;
            }
            String between = argv0.substring(space + 1, slash);
            if (between.isEmpty() || between.contains(" ") || between.contains(":")) {
                break;
            }
            space = argv0.indexOf(' ', slash);
        }
        return space < 0 ? argv0.length() : space;
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
        return ContainerIds.fromCgroupFile(dir.resolve("cgroup"));
    }
}
