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
import java.util.function.Consumer;

/**
 * The one place the agent learns who is at the other end of a traced connection, on a thread of its own
 * ({@code uds-agent-peers}): the peer socket's inode, so both ends get the same {@code uds.connection.id} as the eBPF
 * sidecar gives them, and a client's {@code peer.service}. Java has no API for the inode; the kernel's sock_diag has.
 * The agent asks it directly ({@link SockDiag}, microseconds per socket), retrying while a client's peer still reads 0
 * (the server has not accepted yet); without the native library it falls back to {@code ss -x}, one run answering
 * every waiting connection, batched and rate-limited.
 *
 * <p>Nothing here writes into a {@link Connection}: each lookup ends in one immutable {@link Answer}, given up after
 * {@link #GIVE_UP_NANOS} at the latest, which the export thread takes and applies before it builds the connection's
 * spans. So the connection's peer fields are written only by the thread that reads them.
 */
public final class PeerIdentities implements Runnable {
    /** How long a connection's spans may wait for its peer: then they go without it. */
    public static final long GIVE_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);

    private static final long MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long DIRECT_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** What was learnt about one connection's peer: its inode (0 when it could not be learnt) and service name. */
    public record Answer(Connection connection, long peerInode, String peerService) {
        /** Writes the answer into the connection; called by the thread that builds its spans, and only by it. */
        public void apply() {
            if (peerInode != 0) {
                connection.inodes(connection.inode(), peerInode);
            }
            if (peerService != null) {
                connection.peerService(peerService);
            }
        }
    }

    /** A connection to look up, or one that closed; {@code peer} is what the calling thread found already, or 0. */
    private record Request(Connection connection, boolean closed, long peer) {}

    private final Queue<Request> requests = new ConcurrentLinkedQueue<>();
    /** Requested, and not answered yet. */
    private final Set<Connection> pending = ConcurrentHashMap.newKeySet();

    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final Thread thread = new Thread(this, "uds-agent-peers");
    private final PeerProcesses processes = new PeerProcesses();
    private final boolean direct = SockDiag.available();
    private volatile boolean available = true;
    private volatile boolean running = true;

    public PeerIdentities() {
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public void stop() {
        running = false;
        LockSupport.unpark(thread);
    }

    /**
     * Asks for the peer of a connection whose own inode and peer credentials are known, before its first event is
     * handed off. When the peer is surely connected (an accepted socket: the client has just connected), sock_diag
     * is asked at once on the calling thread (ten-odd microseconds), since a short connection may be gone before the
     * peers thread runs; otherwise (a client, whose peer exists once the server accepts) the question is only queued.
     */
    public void request(Connection connection, boolean peerConnected) {
        if (available && connection.inode() != 0 && pending.add(connection)) {
            long peer = direct && peerConnected ? SockDiag.peerInode(connection.inode()) : 0;
            requests.add(new Request(connection, false, peer));
            LockSupport.unpark(thread);
        }
    }

    /**
     * The connection is about to close: the kernel forgets its peer with it. For a connection still unanswered, asks
     * sock_diag once on the calling thread (ten-odd microseconds), and tells the peers thread to answer with that,
     * so the connection's spans need not wait out the give-up time.
     */
    public void closing(Connection connection) {
        if (direct && pending.contains(connection)) {
            requests.add(new Request(connection, true, SockDiag.peerInode(connection.inode())));
            LockSupport.unpark(thread);
        }
    }

    /** Whether the connection's answer is still to come: its spans should wait for it. */
    public boolean pending(Connection connection) {
        return pending.contains(connection);
    }

    /**
     * Hands over the answers given so far, in order. An answer is queued before its connection stops being
     * {@link #pending}, so a caller that saw a connection not pending finds its answer here.
     */
    public void takeAnswers(Consumer<Answer> taker) {
        for (Answer a; (a = answers.poll()) != null; ) {
            taker.accept(a);
        }
    }

    /** False once lookups stopped (no sock_diag and no {@code ss}, or a failure): nothing is pending any more. */
    public boolean working() {
        return available;
    }

    @Override
    public void run() {
        try {
            resolveUntilStopped();
        } catch (Throwable t) {
            giveUpAll();
            AgentLog.info(
                    "stopped looking up peer inodes (" + t + "); uds.connection.id will differ between the two ends");
        }
    }

    private void resolveUntilStopped() {
        Map<Connection, Long> waiting = new LinkedHashMap<>();
        Map<Long, Long> latestTable = null;
        long lastRun = 0;
        while (running) {
            for (Request r; (r = requests.poll()) != null; ) {
                if (!r.closed() && r.peer() != 0) {
                    answer(r.connection(), r.peer());
                } else if (!r.closed()) {
                    waiting.putIfAbsent(r.connection(), System.nanoTime());
                } else if (waiting.remove(r.connection()) != null) {
                    answer(r.connection(), r.peer());
                }
            }
            if (waiting.isEmpty()) {
                LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
                continue;
            }
            if (direct) {
                resolve(waiting, inode -> SockDiag.peerInode(inode), System.nanoTime());
                if (!waiting.isEmpty()) {
                    LockSupport.parkNanos(this, DIRECT_RETRY_NANOS);
                }
                continue;
            }
            if (latestTable != null) {
                // a socket that asked during the last run is often in that run's answer already
                resolve(waiting, latestTable::get, System.nanoTime());
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
                giveUpAll();
                return;
            }
            resolve(waiting, peers::get, lastRun);
        }
    }

    private interface PeerLookup {
        /** The peer inode of the socket with this inode; 0 or null when not known (yet). */
        Long peerOf(long inode);
    }

    private void resolve(Map<Connection, Long> waiting, PeerLookup lookup, long now) {
        for (Iterator<Map.Entry<Connection, Long>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Connection, Long> entry = it.next();
            Connection c = entry.getKey();
            Long peer = lookup.peerOf(c.inode());
            boolean found = peer != null && peer != 0;
            if (found || now - entry.getValue() > GIVE_UP_NANOS) {
                answer(c, found ? peer : 0);
                it.remove();
            }
        }
    }

    private void answer(Connection c, long peerInode) {
        answers.add(new Answer(c, peerInode, processes.serviceOf(c)));
        pending.remove(c);
    }

    private void giveUpAll() {
        available = false;
        requests.clear();
        pending.clear();
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
