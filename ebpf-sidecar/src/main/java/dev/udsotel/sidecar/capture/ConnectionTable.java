package dev.udsotel.sidecar.capture;

import static dev.udsotel.sidecar.capture.UdsEventLayout.*;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.event.SocketType;
import dev.udsotel.core.process.AgentJvms;
import dev.udsotel.core.process.LeastRecentlyUsed;
import dev.udsotel.core.process.PeerServices;
import dev.udsotel.core.process.ProcessIdentities;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One core {@link Connection} per (pid, socket inode) while the socket is open in that process.
 * The role comes from the first event seen: connect makes a CLIENT, accept a SERVER, socketpair a PEER; a
 * datagram socket is a CLIENT when it first sends to a named address and a SERVER when it first receives on its
 * own; for sockets that were already open it is inferred from the addresses.
 */
final class ConnectionTable {
    private record Key(int pid, long inode) {}

    private static final int MAX_PAIRS = 65536;
    private static final int SWEEP_EVERY = 4096;

    private final Map<Key, Connection> live = new HashMap<>();
    /** Socket inode pairs seen from either end; sockfs inode numbers are not reused in practice. */
    private final Map<Long, Long> peerOf = new LeastRecentlyUsed<>(MAX_PAIRS);
    /** Connections whose peer inode is still unknown, by their own inode. */
    private final Map<Long, List<Connection>> awaitingPeer = new HashMap<>();

    private final ProcessIdentities processes;
    private final ListeningSockets listeners;
    private final PeerServices peerServices;
    private long nextKey = 1;

    ConnectionTable(ProcessIdentities processes, ListeningSockets listeners) {
        this.processes = processes;
        this.listeners = listeners;
        this.peerServices = new PeerServices(Path.of("/proc"), processes, new AgentJvms());
    }

    /** The connection this event happened on, created on first sight, with the peer details it adds. */
    Connection connectionFor(UdsEvent e) {
        Key key = new Key(e.pid(), e.inode());
        Connection c = live.get(key);
        if (c == null) {
            Role role = role(e);
            c = new Connection(
                    nextKey++, socketPath(e, role), role, socketType(e), processes.identify(e.pid(), e.comm()));
            live.put(key, c);
            if (nextKey % SWEEP_EVERY == 0) {
                sweepExitedProcesses();
            }
        }
        // A client's peer inode reads 0 until the server accepts, and again once the server has closed:
        // the pair may only ever be seen from the server's side, so it is learnt from either end.
        long peer = e.peerInode();
        if (peer != 0) {
            if (c.peerInode() != peer) {
                learnPair(e.inode(), peer);
            }
        } else {
            peer = peerOf.getOrDefault(e.inode(), 0L);
        }
        if (c.inode() == 0 || peer != 0 && c.peerInode() != peer) {
            c.inodes(e.inode(), peer != 0 ? peer : c.peerInode());
        }
        if (c.peerInode() == 0 && e.inode() != 0) {
            List<Connection> waiting = awaitingPeer.computeIfAbsent(e.inode(), k -> new ArrayList<>(1));
            if (!waiting.contains(c)) {
                waiting.add(c);
            }
        }
        if (e.peerPid() > 0 && (c.peerPid() != e.peerPid() || c.peerUid() != e.peerUid())) {
            c.peerCredentials(e.peerPid(), e.peerUid(), e.peerGid());
            if (c.role() == Role.CLIENT) {
                c.peerService(peerServices.nameOf(e.peerPid()));
            }
        }
        return c;
    }

    /** The connection already known for this event's socket in its process: closing an unseen socket is no news. */
    Optional<Connection> existing(UdsEvent e) {
        return Optional.ofNullable(live.get(new Key(e.pid(), e.inode())));
    }

    void listening(UdsEvent e) {
        listeners.listening(e.path());
    }

    void closed(UdsEvent e) {
        Connection c = live.remove(new Key(e.pid(), e.inode()));
        List<Connection> waiting = awaitingPeer.get(e.inode());
        if (c != null && waiting != null) {
            waiting.remove(c);
            if (waiting.isEmpty()) {
                awaitingPeer.remove(e.inode());
            }
        }
    }

    private void learnPair(long own, long peer) {
        if (own == 0) {
            return;
        }
        peerOf.put(own, peer);
        peerOf.put(peer, own);
        fillIn(own, peer);
        fillIn(peer, own);
    }

    private void fillIn(long own, long peer) {
        List<Connection> waiting = awaitingPeer.remove(own);
        if (waiting != null) {
            waiting.forEach(c -> c.inodes(own, peer));
        }
    }

    /** Processes killed without closing their sockets leave entries behind: drop those of gone pids. */
    private void sweepExitedProcesses() {
        live.entrySet()
                .removeIf(entry -> !Files.exists(
                        Path.of("/proc", Integer.toString(entry.getKey().pid()))));
        Set<Connection> alive = Collections.newSetFromMap(new IdentityHashMap<>());
        alive.addAll(live.values());
        awaitingPeer.values().forEach(list -> list.removeIf(c -> !alive.contains(c)));
        awaitingPeer.values().removeIf(List::isEmpty);
    }

    int size() {
        return live.size();
    }

    /** Open sockets held for this process. */
    int sizeOf(int pid) {
        return (int) live.keySet().stream().filter(k -> k.pid() == pid).count();
    }

    private Role role(UdsEvent e) {
        switch (e.kind()) {
            case UDS_EV_CONNECT:
                return Role.CLIENT;
            case UDS_EV_ACCEPT:
                return Role.SERVER;
            case UDS_EV_SOCKETPAIR:
                return Role.PEER;
            default:
                break;
        }
        if (e.socketType() == UDS_SOCK_DGRAM) {
            return datagramRole(e);
        }
        boolean own = !e.path().isEmpty();
        boolean peer = !e.peerPath().isEmpty();
        if (own && !peer) {
            return Role.SERVER; // an accepted socket shares the listener's address; the client is unbound
        }
        if (peer && !own) {
            return Role.CLIENT;
        }
        if (own) {
            // both bound: the end whose own address is a listening path was accepted there
            if (listeners.isListening(e.path())) {
                return Role.SERVER;
            }
            if (listeners.isListening(e.peerPath())) {
                return Role.CLIENT;
            }
        }
        return Role.PEER;
    }

    /**
     * A datagram socket that first sends to a named address asks, like a client; one that first receives on its
     * own bound address answers, like a server. Anything else (socketpair, unnamed ends) stays a peer.
     */
    private static Role datagramRole(UdsEvent e) {
        if (e.isSend() && !e.peerPath().isEmpty() && !e.peerPath().equals(e.path())) {
            return Role.CLIENT;
        }
        if (e.isReceive() && !e.path().isEmpty()) {
            return Role.SERVER;
        }
        return Role.PEER;
    }

    private static String socketPath(UdsEvent e, Role role) {
        return switch (role) {
            case SERVER -> e.path();
            case CLIENT -> e.peerPath();
            // a datagram sender talks to the address it names; a receiver is known by its own
            case PEER -> e.isSend() && !e.peerPath().isEmpty() || e.path().isEmpty() ? e.peerPath() : e.path();
        };
    }

    private static SocketType socketType(UdsEvent e) {
        return switch (e.socketType()) {
            case UDS_SOCK_DGRAM -> SocketType.DGRAM;
            case UDS_SOCK_SEQPACKET -> SocketType.SEQPACKET;
            default -> SocketType.STREAM;
        };
    }
}
