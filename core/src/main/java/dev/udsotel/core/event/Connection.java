package dev.udsotel.core.event;

import java.util.Objects;

/**
 * One end of one Unix socket conversation as the observed process sees it.
 *
 * <p>Sources fill in what they know. Who writes what, and when, is fixed so that spans never read a half-written
 * identity: the own inode and the peer's credentials are set before the connection's first event is handed off (the
 * hand-off publishes them); what arrives later, the peer's inode and service, is written only by the thread that
 * consumes the events and builds the spans (the agent's export thread applies the peers thread's answers, the
 * sidecar's capture thread learns them from later events). No other thread writes a connection after hand-off.
 */
public final class Connection {
    public static final int UNKNOWN = -1;

    private final long key;
    private final String socketPath;
    private final Role role;
    private final SocketType type;
    private final ProcessIdentity process;
    private volatile long inode;
    private volatile long peerInode;
    private volatile int peerPid = UNKNOWN;
    private volatile int peerUid = UNKNOWN;
    private volatile int peerGid = UNKNOWN;
    private volatile String peerService;

    /**
     * @param key unique among the source's live connections
     * @param socketPath the listening socket's path, {@code @name} for an abstract name, empty when unnamed
     */
    public Connection(long key, String socketPath, Role role, SocketType type, ProcessIdentity process) {
        this.key = key;
        this.socketPath = Objects.requireNonNull(socketPath, "socketPath");
        this.role = Objects.requireNonNull(role, "role");
        this.type = Objects.requireNonNull(type, "type");
        this.process = Objects.requireNonNull(process, "process");
    }

    public long key() {
        return key;
    }

    public String socketPath() {
        return socketPath;
    }

    public Role role() {
        return role;
    }

    public SocketType type() {
        return type;
    }

    public ProcessIdentity process() {
        return process;
    }

    public long inode() {
        return inode;
    }

    public long peerInode() {
        return peerInode;
    }

    public int peerPid() {
        return peerPid;
    }

    public int peerUid() {
        return peerUid;
    }

    public int peerGid() {
        return peerGid;
    }
    /** The peer process's service name, as its own spans name it, or null when unknown. */
    public String peerService() {
        return peerService;
    }

    public Connection inodes(long own, long peer) {
        this.inode = own;
        this.peerInode = peer;
        return this;
    }

    public Connection peerCredentials(int pid, int uid, int gid) {
        this.peerPid = pid;
        this.peerUid = uid;
        this.peerGid = gid;
        return this;
    }

    public Connection peerService(String name) {
        this.peerService = name;
        return this;
    }

    /**
     * The same value at both ends of a connection, whichever process or tool observed it:
     * the socket inodes of the two ends, lower first. Falls back to this end's identity when
     * the peer's inode is not known.
     */
    public String connectionId() {
        long own = inode;
        long peer = peerInode;
        if (own != 0 && peer != 0) {
            return Math.min(own, peer) + "-" + Math.max(own, peer);
        }
        if (own != 0) {
            return Long.toString(own);
        }
        return process.pid() + ":" + key;
    }

    @Override
    public String toString() {
        return role + " " + type.attributeValue() + " " + (socketPath.isEmpty() ? "(unnamed)" : socketPath) + " #" + key
                + " pid " + process.pid();
    }
}
