package dev.udsotel.core.span;

import static dev.udsotel.core.span.UdsAttributes.*;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.Role;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

/** The attributes every span of one conversation shares. */
final class ConnectionAttributes {
    private ConnectionAttributes() {}

    /**
     * Every span of a conversation shares these, so they are built once per connection, and again only when the
     * peer's details arrive. Used by one thread.
     */
    static final class Cache {
        private static final int MAX = 16_384;
        private final java.util.Map<Connection, Cached> cached = new java.util.IdentityHashMap<>();

        Attributes of(Connection c) {
            Cached entry = cached.get(c);
            if (entry == null || entry.peerInode != c.peerInode() || entry.peerPid != c.peerPid()) {
                if (cached.size() >= MAX) {
                    cached.clear();
                }
                entry = new Cached(c.peerInode(), c.peerPid(), ConnectionAttributes.of(c));
                cached.put(c, entry);
            }
            return entry.attributes;
        }

        void forget(Connection c) {
            cached.remove(c);
        }

        private record Cached(long peerInode, int peerPid, Attributes attributes) {}
    }

    static Attributes of(Connection c) {
        AttributesBuilder b = Attributes.builder()
                .put(NETWORK_TRANSPORT, "unix")
                .put(CONNECTION_ID, c.connectionId())
                .put(SOCKET_TYPE, c.type().attributeValue());
        String path = c.socketPath();
        if (!path.isEmpty()) {
            b.put(NETWORK_PEER_ADDRESS, path);
            if (c.role() == Role.CLIENT) {
                b.put(SERVER_ADDRESS, path);
            } else if (c.role() == Role.SERVER) {
                b.put(NETWORK_LOCAL_ADDRESS, path);
            }
        }
        putIfKnown(b, SOCKET_INODE, c.inode(), 0);
        putIfKnown(b, PEER_INODE, c.peerInode(), 0);
        putIfKnown(b, PEER_PID, c.peerPid(), Connection.UNKNOWN);
        putIfKnown(b, PEER_UID, c.peerUid(), Connection.UNKNOWN);
        putIfKnown(b, PEER_GID, c.peerGid(), Connection.UNKNOWN);
        return b.build();
    }

    private static void putIfKnown(AttributesBuilder b, io.opentelemetry.api.common.AttributeKey<Long> key, long value, long unknown) {
        if (value != unknown) {
            b.put(key, value);
        }
    }
}
