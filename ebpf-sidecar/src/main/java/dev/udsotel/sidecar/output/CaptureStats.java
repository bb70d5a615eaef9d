package dev.udsotel.sidecar.output;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Counts what passed the filters, for the progress line and the summary. */
public final class CaptureStats implements EventSink {
    /** Per traced process: calls and bytes each way, and the paths it used. */
    public static final class ProcessStats {
        final long pid;
        /**
         * What the process was started as, the name the live view shows for its main thread and spans use as
         * service.name: a thread's comm (qtp1451270520-2) says less, and the executable's file name can differ
         * (python3.11 for python3, redis-check-rdb for redis-server).
         */
        final String command;

        long messagesSent;
        long bytesSent;
        long messagesReceived;
        long bytesReceived;
        final Set<String> paths = new TreeSet<>();
        private String lastPath;

        void usedPath(String path) {
            if (!path.equals(lastPath)) {
                paths.add(path);
                lastPath = path;
            }
        }

        ProcessStats(long pid, String command) {
            this.pid = pid;
            this.command = command;
        }
    }

    private final Map<Long, ProcessStats> processes = new LinkedHashMap<>();
    private final Set<Long> pairedInodes = new HashSet<>();
    private final Set<String> pairs = new HashSet<>();
    private final Set<Long> inodes = new HashSet<>();
    /** Each connection end's peer inode when it was last counted, so the sets are touched once per connection. */
    private final Map<Connection, Long> counted = new IdentityHashMap<>();
    /** Connections are counted exactly up to this many socket ends; a sidecar running for weeks stays bounded. */
    private static final int MAX_REMEMBERED = 1_000_000;

    private long messages;
    /** Consecutive events mostly share a connection and a process: these skip the map look-ups then. */
    private Connection lastCounted;

    private long lastCountedPeer;
    private ProcessStats lastProcess;
    private long bytes;

    @Override
    public synchronized void accept(TracedEvent event) {
        IoEvent io = event.io();
        Connection c = io.connection();
        if (c.inode() != 0 && (c != lastCounted || c.peerInode() != lastCountedPeer)) {
            if (!Long.valueOf(c.peerInode()).equals(counted.get(c))) {
                countConnection(c);
            }
            lastCounted = c;
            lastCountedPeer = c.peerInode();
        }
        ProcessStats p = lastProcess;
        if (p == null || p.pid != event.pid()) {
            p = processes.computeIfAbsent(
                    event.pid(), pid -> new ProcessStats(pid, c.process().serviceName()));
            lastProcess = p;
        }
        if (!c.socketPath().isEmpty()) {
            p.usedPath(c.socketPath());
        }
        if (!io.kind().carriesData()) {
            return;
        }
        messages++;
        bytes += io.byteCount();
        if (io.kind() == EventKind.SEND) {
            p.messagesSent++;
            p.bytesSent += io.byteCount();
        } else {
            p.messagesReceived++;
            p.bytesReceived += io.byteCount();
        }
    }

    private void countConnection(Connection c) {
        if (counted.size() >= MAX_REMEMBERED) {
            counted.clear();
        }
        counted.put(c, c.peerInode());
        if (inodes.size() < MAX_REMEMBERED) {
            inodes.add(c.inode());
            if (c.peerInode() != 0) {
                pairedInodes.add(c.inode());
                pairedInodes.add(c.peerInode());
                pairs.add(c.connectionId());
            }
        }
    }

    public synchronized long messages() {
        return messages;
    }

    public synchronized long bytes() {
        return bytes;
    }

    /** Distinct connections: pairs of ends seen together, plus ends whose peer was never learned. */
    public synchronized long connections() {
        long lonely = inodes.stream().filter(i -> !pairedInodes.contains(i)).count();
        return pairs.size() + lonely;
    }

    public synchronized java.util.List<ProcessStats> processes() {
        return java.util.List.copyOf(processes.values());
    }
}
