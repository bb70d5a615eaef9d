package dev.udsotel.sidecar.cli;

import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.core.process.LeastRecentlyUsed;
import dev.udsotel.sidecar.output.TracedEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which events the user asked for: any of the paths, and any of the pids, and any of the names.
 * A flag that was not given lets everything through.
 */
final class EventFilter {
    private static final int CANONICAL_CACHE = 4096;

    private final List<PathPattern> paths;
    private final Set<Long> pids;
    private final Set<String> comms;
    private final java.nio.file.Path cgroup;
    private final Map<String, String> canonical = new LeastRecentlyUsed<>(CANONICAL_CACHE);

    EventFilter(Options options) {
        this.paths = options.paths().stream().map(PathPattern::of).toList();
        this.pids = Set.copyOf(options.pids());
        this.comms = Set.copyOf(options.comms());
        this.cgroup = options.cgroup();
    }

    /** Such as {@code " on /tmp/*.sock of pid 42"}, or empty when everything passes. */
    String describe() {
        StringBuilder d = new StringBuilder();
        if (!paths.isEmpty()) {
            d.append(" on ")
                    .append(String.join(
                            ", ", paths.stream().map(PathPattern::toString).toList()));
        }
        if (!pids.isEmpty()) {
            d.append(" of pid ")
                    .append(String.join(
                            ", ", pids.stream().sorted().map(String::valueOf).toList()));
        }
        if (!comms.isEmpty()) {
            d.append(pids.isEmpty() ? " of " : " and ").append(String.join(", ", comms));
        }
        if (cgroup != null) {
            d.append(" in cgroup ").append(cgroup);
        }
        return d.toString();
    }

    boolean accepts(TracedEvent event) {
        ProcessIdentity process = event.io().connection().process();
        if (!pids.isEmpty() && !pids.contains(process.pid())) {
            return false;
        }
        if (!comms.isEmpty() && !comms.contains(event.comm()) && !comms.contains(process.executableName())) {
            return false;
        }
        return paths.isEmpty() || pathMatches(event.path());
    }

    private boolean pathMatches(String path) {
        if (path.isEmpty()) {
            return false;
        }
        String real = path.startsWith("/") ? canonical.computeIfAbsent(path, EventFilter::realPath) : path;
        for (PathPattern p : paths) {
            if (p.matches(path) || (!real.equals(path) && p.matches(real))) {
                return true;
            }
        }
        return false;
    }

    private static String realPath(String path) {
        try {
            return Path.of(path).toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return path;
        }
    }
}
