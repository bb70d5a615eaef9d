package dev.udsotel.core.span;

import static dev.udsotel.core.span.UdsAttributes.*;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.protocol.ProtocolDecoders;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.semconv.NetworkAttributes.NetworkTransportValues;

/** The attributes every span of one conversation shares. */
final class ConnectionAttributes {
    private ConnectionAttributes() {}

    /**
     * Every span of a conversation shares these, so they are built once per connection, and again only when the
     * peer's details arrive. Used by one thread.
     */
    static final class Cache {
        private static final int MAX = 16_384;
        private final java.util.Map<Connection, Shared> cached = new java.util.IdentityHashMap<>();

        Shared of(Connection c) {
            Shared entry = cached.get(c);
            if (entry == null
                    || entry.peerInode != c.peerInode()
                    || entry.peerPid != c.peerPid()
                    || !java.util.Objects.equals(entry.peerService, c.peerService())) {
                if (cached.size() >= MAX) {
                    cached.clear();
                }
                entry = new Shared(
                        c.peerInode(),
                        c.peerPid(),
                        c.peerService(),
                        ConnectionAttributes.of(c),
                        ProtocolDecoders.genericName(c.socketPath()));
                cached.put(c, entry);
            }
            return entry;
        }

        void forget(Connection c) {
            cached.remove(c);
        }
    }

    /** What the spans of one connection share: its attributes, in their sorted order, and the generic span name. */
    static final class Shared {
        private final long peerInode;
        private final int peerPid;
        private final String peerService;
        private final AttributeKey<?>[] keys;
        private final Object[] values;
        final String genericSpanName;

        Shared(long peerInode, int peerPid, String peerService, Attributes attributes, String genericSpanName) {
            this.peerService = peerService;
            this.peerInode = peerInode;
            this.peerPid = peerPid;
            this.genericSpanName = genericSpanName;
            this.keys = new AttributeKey<?>[attributes.size()];
            this.values = new Object[attributes.size()];
            int[] n = new int[1];
            attributes.forEach((key, value) -> {
                keys[n[0]] = key;
                values[n[0]++] = value;
            });
        }

        /** The same calls as {@code builder.setAllAttributes(attributes)}, without a lambda per attribute. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        void writeTo(SpanBuilder builder) {
            for (int i = 0; i < keys.length; i++) {
                builder.setAttribute((AttributeKey) keys[i], values[i]);
            }
        }
    }

    static Attributes of(Connection c) {
        AttributesBuilder b = Attributes.builder()
                .put(NETWORK_TRANSPORT, NetworkTransportValues.UNIX)
                .put(CONNECTION_ID, c.connectionId())
                .put(SOCKET_TYPE, c.type().attributeValue());
        String path = c.socketPath();
        if (!path.isEmpty()) {
            b.put(NETWORK_PEER_ADDRESS, path);
            if (c.role() == Role.CLIENT) {
                b.put(SERVER_ADDRESS, path);
                if (c.peerService() != null) {
                    b.put(PEER_SERVICE, c.peerService());
                }
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

    private static void putIfKnown(
            AttributesBuilder b, io.opentelemetry.api.common.AttributeKey<Long> key, long value, long unknown) {
        if (value != unknown) {
            b.put(key, value);
        }
    }
}
