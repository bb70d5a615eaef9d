package dev.udsotel.agent.instrumentation.host;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.process.AgentJvms;
import dev.udsotel.core.process.LeastRecentlyUsed;
import dev.udsotel.core.process.PeerServices;
import dev.udsotel.core.process.ProcessIdentities;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The process at the other end of a connection: its pid (SO_PEERCRED through {@link SockDiag}, since Java's own
 * option leaves the pid out) and, for client ends, its service name for {@code peer.service}, named as the eBPF
 * sidecar names it. Naming reads /proc, so it runs on the peers thread, cached per pid for a few seconds.
 */
public final class PeerProcesses {
    private static final int MAX_CACHED = 256;
    private static final long RENAME_NANOS = TimeUnit.SECONDS.toNanos(10);

    private record Named(String service, long namedNanos) {}

    private final PeerServices services = new PeerServices(Path.of("/proc"), new ProcessIdentities(), new AgentJvms());
    private final Map<Integer, Named> names = new LeastRecentlyUsed<>(MAX_CACHED);

    /** The pid of the process at the other end of this process's connected socket {@code fd}, or 0. */
    public static int pidOf(int fd) {
        return SockDiag.peerPid(fd);
    }

    /** The {@code peer.service} of a client end whose peer pid is known, else null. Called by one thread. */
    String serviceOf(Connection connection) {
        int pid = connection.peerPid();
        if (connection.role() != Role.CLIENT || pid <= 0) {
            return null;
        }
        long now = System.nanoTime();
        Named named = names.get(pid);
        if (named == null || now - named.namedNanos() > RENAME_NANOS) {
            named = new Named(services.nameOf(pid), now);
            names.put(pid, named);
        }
        return named.service();
    }
}
