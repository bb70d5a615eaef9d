package dev.udsotel.sidecar.capture;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.event.SocketType;

import java.util.HashMap;
import java.util.Map;

import static dev.udsotel.sidecar.capture.UdsEventLayout.*;

/**
 * One core {@link Connection} per (pid, socket inode) while the socket is open in that process.
 * The role comes from the first event seen: connect makes a CLIENT, accept a SERVER, socketpair and
 * datagrams a PEER; for sockets that were already open it is inferred from the addresses.
 */
final class ConnectionTable {
    private record Key(int pid, long inode) {}

    private final Map<Key, Connection> live = new HashMap<>();
    private final ProcessIdentities processes;
    private final ListeningSockets listeners;
    private long nextKey = 1;

    ConnectionTable(ProcessIdentities processes, ListeningSockets listeners) {
        this.processes = processes;
        this.listeners = listeners;
    }

    /** The connection this event happened on, created on first sight, with the peer details it adds. */
    Connection connectionFor(UdsEvent e) {
        Key key = new Key(e.pid(), e.inode());
        Connection c = live.get(key);
        if (c == null) {
            Role role = role(e);
            c = new Connection(nextKey++, socketPath(e, role), role, socketType(e),
                    processes.identify(e.pid(), e.comm()));
            live.put(key, c);
        }
        // a client's peer inode reads 0 until the server accepts: later events fill it in
        if (e.peerInode() != 0 && c.peerInode() != e.peerInode() || c.inode() == 0) {
            c.inodes(e.inode(), e.peerInode() != 0 ? e.peerInode() : c.peerInode());
        }
        if (e.peerPid() > 0 && c.peerPid() != e.peerPid()) {
            c.peerCredentials(e.peerPid(), Connection.UNKNOWN, Connection.UNKNOWN);
        }
        return c;
    }

    /** The connection already known for this event's socket in its process: closing an unseen socket is no news. */
    java.util.Optional<Connection> existing(UdsEvent e) {
        return java.util.Optional.ofNullable(live.get(new Key(e.pid(), e.inode())));
    }

    void listening(UdsEvent e) {
        listeners.listening(e.path());
    }

    void closed(UdsEvent e) {
        live.remove(new Key(e.pid(), e.inode()));
    }

    int size() {
        return live.size();
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
            return Role.PEER;
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

    private static String socketPath(UdsEvent e, Role role) {
        return switch (role) {
            case SERVER -> e.path();
            case CLIENT -> e.peerPath();
            case PEER -> e.path().isEmpty() ? e.peerPath() : e.path();
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
