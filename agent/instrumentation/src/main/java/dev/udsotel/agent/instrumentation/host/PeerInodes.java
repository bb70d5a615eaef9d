package dev.udsotel.agent.instrumentation.host;

import dev.udsotel.agent.instrumentation.AgentLog;
import dev.udsotel.core.event.Connection;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Finds the inode of each traced socket's peer, so both ends of a connection get the same {@code uds.connection.id}
 * as the eBPF sidecar gives them. Java has no API for it; the kernel's sock_diag has. The agent asks it directly
 * ({@link SockDiag}, microseconds per socket) on a thread of its own as soon as a connection appears, and once more,
 * synchronously, when a connection still unresolved is closed. Without the native library it falls back to
 * {@code ss -x}, one run answering every waiting connection, batched and rate-limited. A client's peer reads 0 until
 * the server accepts, so connections are retried for a while.
 */
public final class PeerInodes implements Runnable {
    private static final long MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long DIRECT_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long GIVE_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);

    private final Queue<Connection> requests = new ConcurrentLinkedQueue<>();
    private final Set<Connection> unresolved = ConcurrentHashMap.newKeySet();
    private final Thread thread = new Thread(this, "uds-agent-peers");
    private final PeerProcesses processes = new PeerProcesses();
    private final boolean direct = SockDiag.available();
    private volatile boolean available = true;
    private volatile boolean running = true;

    public PeerInodes() {
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public void stop() {
        running = false;
        LockSupport.unpark(thread);
    }

    /** Asks for the peer of a connection whose own inode is known. Cheap enough for an application thread. */
    public void request(Connection connection) {
        if (available && connection.inode() != 0 && connection.peerInode() == 0) {
            unresolved.add(connection);
            requests.add(connection);
            LockSupport.unpark(thread);
        }
    }

    /**
     * An answer on the calling thread, for the moments the peer is sure to be there: just after accept (the client
     * has just connected) and just before close. Ten-odd microseconds, only for connections not yet resolved.
     */
    public void resolveNow(Connection connection) {
        if (direct && connection.inode() != 0 && connection.peerInode() == 0 && unresolved.contains(connection)) {
            long peer = SockDiag.peerInode(connection.inode());
            if (peer != 0) {
                connection.inodes(connection.inode(), peer);
            }
        }
    }

    /** Whether the connection's spans should wait a little for its peer inode. */
    public boolean awaiting(Connection connection) {
        return unresolved.contains(connection);
    }

    @Override
    public void run() {
        try {
            resolveUntilStopped();
        } catch (Throwable t) {
            available = false;
            unresolved.clear();
            AgentLog.info(
                    "stopped looking up peer inodes (" + t + "); uds.connection.id will differ between the two ends");
        }
    }

    private void resolveUntilStopped() {
        Map<Connection, Long> waiting = new LinkedHashMap<>();
        Map<Long, Long> latestTable = null;
        long lastRun = 0;
        while (running) {
            for (Connection c; (c = requests.poll()) != null; ) {
                waiting.putIfAbsent(c, System.nanoTime());
            }
            if (waiting.isEmpty()) {
                LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
                continue;
            }
            if (direct) {
                resolveDirectly(waiting);
                if (!waiting.isEmpty()) {
                    LockSupport.parkNanos(this, DIRECT_RETRY_NANOS);
                }
                continue;
            }
            if (latestTable != null) {
                // a socket that asked during the last run is often in that run's answer already
                resolve(waiting, latestTable, System.nanoTime());
                if (waiting.isEmpty()) {
                    continue;
                }
            }
            long wait = lastRun + MIN_INTERVAL_NANOS - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
            }
            Map<Long, Long> peers = socketTable();
            latestTable = peers;
            lastRun = System.nanoTime();
            if (peers == null) {
                available = false;
                unresolved.clear();
                requests.clear();
                return;
            }
            resolve(waiting, peers, lastRun);
        }
    }

    private void resolveDirectly(Map<Connection, Long> waiting) {
        long now = System.nanoTime();
        for (Iterator<Map.Entry<Connection, Long>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Connection, Long> entry = it.next();
            Connection c = entry.getKey();
            processes.name(c);
            long peer = c.peerInode() != 0 ? c.peerInode() : SockDiag.peerInode(c.inode());
            if (peer != 0) {
                c.inodes(c.inode(), peer);
            }
            if (peer != 0 || now - entry.getValue() > GIVE_UP_NANOS) {
                unresolved.remove(c);
                it.remove();
            }
        }
    }

    private void resolve(Map<Connection, Long> waiting, Map<Long, Long> peers, long now) {
        for (Iterator<Map.Entry<Connection, Long>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Connection, Long> entry = it.next();
            Connection c = entry.getKey();
            processes.name(c);
            long peer = peers.getOrDefault(c.inode(), 0L);
            if (peer != 0) {
                c.inodes(c.inode(), peer);
            }
            if (peer != 0 || now - entry.getValue() > GIVE_UP_NANOS) {
                unresolved.remove(c);
                it.remove();
            }
        }
    }

    /** Own inode to peer inode for every Unix socket on the host, or null when {@code ss} cannot be run. */
    private static Map<Long, Long> socketTable() {
        try {
            Process ss = new ProcessBuilder("ss", "-x", "-H", "-n")
                    .redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            Map<Long, Long> peers = new HashMap<>();
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(ss.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    addPeer(line, peers);
                }
            }
            if (!ss.waitFor(5, TimeUnit.SECONDS)) {
                ss.destroyForcibly();
            }
            return peers;
        } catch (Exception e) {
            AgentLog.info(
                    "cannot run `ss -x` (" + e.getMessage() + "): uds.connection.id will differ between the two ends");
            return null;
        }
    }

    /**
     * {@code u_str ESTAB 0 0 /run/x.sock 12345 * 12346}: the last column is the peer's inode, two before it ours.
     * Each line also answers for the peer, whose own line may not show the link yet.
     */
    static void addPeer(String line, Map<Long, Long> peers) {
        String[] columns = line.trim().split("\\s+");
        if (columns.length < 8) {
            return;
        }
        try {
            long own = Long.parseLong(columns[columns.length - 3]);
            long peer = Long.parseLong(columns[columns.length - 1]);
            if (own != 0 && peer != 0) {
                peers.put(own, peer);
                peers.putIfAbsent(peer, own);
            }
        } catch (NumberFormatException ignored) {
            // a line of another shape: nothing to learn from it
        }
    }
}
