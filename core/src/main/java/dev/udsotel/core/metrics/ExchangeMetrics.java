package dev.udsotel.core.metrics;

import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.protocol.http2.GrpcStatus;
import dev.udsotel.core.protocol.http2.Http2Call;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.semconv.DbAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.incubating.ProcessIncubatingAttributes;
import io.opentelemetry.semconv.incubating.RpcIncubatingAttributes;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Duration and bytes of every exchange assembled and every HTTP/2 call, as OTLP metrics, whether or not it becomes a
 * span: a sampled or shed span loses nothing here. The duration goes to the semantic conventions' histogram where one fits (HTTP client
 * and server, database client, RPC client and server), to {@code uds.exchange.duration} otherwise, so the sum of
 * their counts is the number of exchanges. Attributes: the socket path ({@code server.address}), the peer process
 * ({@code uds.peer.pid}) and the operation (method, status, database operation), never a payload value. Used by one
 * thread.
 */
public final class ExchangeMetrics {
    static final AttributeKey<String> SERVER_ADDRESS = ServerAttributes.SERVER_ADDRESS;
    static final AttributeKey<String> NETWORK_TRANSPORT = NetworkAttributes.NETWORK_TRANSPORT;
    static final AttributeKey<Long> PEER_PID = AttributeKey.longKey("uds.peer.pid");
    static final AttributeKey<Long> PROCESS_PID = ProcessIncubatingAttributes.PROCESS_PID;
    static final AttributeKey<String> DIRECTION = AttributeKey.stringKey("uds.direction");
    static final AttributeKey<String> ROLE = AttributeKey.stringKey("uds.role");
    static final AttributeKey<String> PROTOCOL = AttributeKey.stringKey("uds.protocol");
    private static final AttributeKey<String> HTTP_METHOD = HttpAttributes.HTTP_REQUEST_METHOD;
    private static final AttributeKey<Long> HTTP_STATUS = HttpAttributes.HTTP_RESPONSE_STATUS_CODE;
    private static final AttributeKey<String> DB_SYSTEM = DbAttributes.DB_SYSTEM_NAME;
    private static final AttributeKey<String> DB_OPERATION = DbAttributes.DB_OPERATION_NAME;
    private static final AttributeKey<String> DB_STATUS = DbAttributes.DB_RESPONSE_STATUS_CODE;
    private static final AttributeKey<String> RPC_SYSTEM = RpcIncubatingAttributes.RPC_SYSTEM_NAME;
    private static final AttributeKey<String> RPC_METHOD = RpcIncubatingAttributes.RPC_METHOD;
    private static final AttributeKey<String> RPC_STATUS = RpcIncubatingAttributes.RPC_RESPONSE_STATUS_CODE;
    /** The older span conventions' gRPC attributes, which HTTP/2 spans carry: metrics name them the newer way. */
    private static final AttributeKey<String> GRPC_SYSTEM = AttributeKey.stringKey("rpc.system");

    private static final AttributeKey<String> GRPC_SERVICE = AttributeKey.stringKey("rpc.service");
    private static final AttributeKey<Long> GRPC_STATUS = AttributeKey.longKey("rpc.grpc.status_code");
    /** The conventions' HTTP buckets, with finer ones below 5 ms: most exchanges over a local socket are that quick. */
    private static final List<Double> BUCKETS = List.of(
            0.00001, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5,
            0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

    private static final int MAX_CONNECTIONS = 16_384;

    private final DoubleHistogram httpClient;
    private final DoubleHistogram httpServer;
    private final DoubleHistogram dbClient;
    private final DoubleHistogram rpcClient;
    private final DoubleHistogram rpcServer;
    private final DoubleHistogram generic;
    private final LongCounter bytes;
    private final long ownPid;
    /** The attributes of each connection's last exchange: a conversation mostly repeats its operation. */
    private final Map<Connection, Last> last = new IdentityHashMap<>();

    /** {@code ownPid}: the process whose resource the meter describes; other processes' points name their pid. */
    public ExchangeMetrics(Meter meter, long ownPid) {
        this.ownPid = ownPid;
        this.httpClient =
                duration(meter, "http.client.request.duration", "Duration of HTTP client requests over Unix sockets.");
        this.httpServer =
                duration(meter, "http.server.request.duration", "Duration of HTTP server requests over Unix sockets.");
        this.dbClient = duration(
                meter, "db.client.operation.duration", "Duration of database client operations over Unix sockets.");
        this.rpcClient = duration(meter, "rpc.client.call.duration", "Duration of RPC client calls over Unix sockets.");
        this.rpcServer = duration(meter, "rpc.server.call.duration", "Duration of RPC server calls over Unix sockets.");
        this.generic = duration(
                meter,
                "uds.exchange.duration",
                "Duration of Unix socket exchanges no other duration metric counts (unknown protocol, database server side).");
        this.bytes = meter.counterBuilder("uds.exchange.bytes")
                .setUnit("By")
                .setDescription("Bytes of every Unix socket exchange, by direction (request or response).")
                .build();
    }

    private static DoubleHistogram duration(Meter meter, String name, String description) {
        return meter.histogramBuilder(name)
                .setUnit("s")
                .setDescription(description)
                .setExplicitBucketBoundariesAdvice(BUCKETS)
                .build();
    }

    /** Counts one exchange, with what its decoder found in it. */
    public void record(Exchange exchange, DecodedExchange parts) {
        Last entry = entryFor(exchange.connection(), parts);
        histogram(entry.kind).record(seconds(exchange.startNanos(), exchange.endNanos()), entry.attributes);
        bytes.add(exchange.request().totalBytes(), entry.requestBytes);
        if (!exchange.isBurst()) {
            bytes.add(exchange.response().totalBytes(), entry.responseBytes);
        }
    }

    /** Counts one HTTP/2 call (a stream) like an exchange; its bytes are the DATA payload bytes of each direction. */
    public void record(Http2Call call, DecodedExchange parts) {
        Last entry = entryFor(call.connection(), parts);
        histogram(entry.kind).record(seconds(call.startNanos(), call.endNanos()), entry.attributes);
        bytes.add(call.requestBytes(), entry.requestBytes);
        bytes.add(call.responseBytes(), entry.responseBytes);
    }

    private Last entryFor(Connection c, DecodedExchange parts) {
        Attributes decoded = parts.decoderAttributes();
        Last entry = last.get(c);
        if (entry == null || !entry.matches(c, decoded)) {
            if (last.size() >= MAX_CONNECTIONS) {
                last.clear();
            }
            entry = new Last(c, decoded, parts.protocol(), ownPid);
            last.put(c, entry);
        }
        return entry;
    }

    private static double seconds(long startNanos, long endNanos) {
        return Math.max(0, endNanos - startNanos) / 1e9;
    }

    /** The connection is closed: its cached attributes go. */
    public void forget(Connection c) {
        last.remove(c);
    }

    private DoubleHistogram histogram(Kind kind) {
        return switch (kind) {
            case HTTP_CLIENT -> httpClient;
            case HTTP_SERVER -> httpServer;
            case DB_CLIENT -> dbClient;
            case RPC_CLIENT -> rpcClient;
            case RPC_SERVER -> rpcServer;
            case OTHER -> generic;
        };
    }

    enum Kind {
        HTTP_CLIENT,
        HTTP_SERVER,
        DB_CLIENT,
        RPC_CLIENT,
        RPC_SERVER,
        OTHER
    }

    /** One connection's metric attributes for one operation. */
    private static final class Last {
        private final long peerPid;
        private final Object operation;
        private final Object status;
        final Kind kind;
        final Attributes attributes;
        final Attributes requestBytes;
        final Attributes responseBytes;

        Last(Connection c, Attributes decoded, String protocol, long ownPid) {
            this.peerPid = c.peerPid();
            this.operation = operation(decoded);
            this.status = status(decoded);
            this.kind = kindOf(c.role(), decoded);
            AttributesBuilder b = Attributes.builder().put(NETWORK_TRANSPORT, "unix");
            if (!c.socketPath().isEmpty()) {
                b.put(SERVER_ADDRESS, c.socketPath());
            }
            if (c.peerPid() != Connection.UNKNOWN) {
                b.put(PEER_PID, c.peerPid());
            }
            if (c.process() != null && c.process().pid() != ownPid) {
                b.put(PROCESS_PID, c.process().pid());
            }
            if (kind == Kind.OTHER) {
                b.put(ROLE, c.role().name().toLowerCase(java.util.Locale.ROOT));
                String name = protocol != null ? protocol : decoded.get(PROTOCOL);
                if (name != null) {
                    b.put(PROTOCOL, name);
                }
            }
            copy(b, decoded, HTTP_METHOD);
            copy(b, decoded, HTTP_STATUS);
            copy(b, decoded, DB_SYSTEM);
            copy(b, decoded, DB_OPERATION);
            copy(b, decoded, DB_STATUS);
            putIfPresent(b, RPC_SYSTEM, rpcSystem(decoded));
            putIfPresent(b, RPC_METHOD, rpcMethod(decoded));
            putIfPresent(b, RPC_STATUS, rpcStatus(decoded));
            this.attributes = b.build();
            this.requestBytes = attributes.toBuilder().put(DIRECTION, "request").build();
            this.responseBytes =
                    attributes.toBuilder().put(DIRECTION, "response").build();
        }

        boolean matches(Connection c, Attributes decoded) {
            return peerPid == c.peerPid()
                    && Objects.equals(operation, operation(decoded))
                    && Objects.equals(status, status(decoded));
        }

        private static Object operation(Attributes decoded) {
            String method = decoded.get(HTTP_METHOD);
            if (method != null) {
                return method;
            }
            String db = decoded.get(DB_OPERATION);
            return db != null ? db : rpcMethod(decoded);
        }

        private static Object status(Attributes decoded) {
            Long http = decoded.get(HTTP_STATUS);
            if (http != null) {
                return http;
            }
            String db = decoded.get(DB_STATUS);
            return db != null ? db : rpcStatus(decoded);
        }

        private static String rpcSystem(Attributes decoded) {
            String system = decoded.get(RPC_SYSTEM);
            return system != null ? system : decoded.get(GRPC_SYSTEM);
        }

        /** The fully qualified {@code package.Service/Method}: the newer conventions' rpc.method. */
        private static String rpcMethod(Attributes decoded) {
            String method = decoded.get(RPC_METHOD);
            if (decoded.get(RPC_SYSTEM) != null || decoded.get(GRPC_SYSTEM) == null || method == null) {
                return method;
            }
            String service = decoded.get(GRPC_SERVICE);
            return service != null ? service + "/" + method : method;
        }

        /** The status by name ({@code OK}, {@code NOT_FOUND}), as the newer conventions give it. */
        private static String rpcStatus(Attributes decoded) {
            String status = decoded.get(RPC_STATUS);
            if (status != null) {
                return status;
            }
            Long code = decoded.get(GRPC_STATUS);
            return code != null ? GrpcStatus.name(code.intValue()) : null;
        }

        private static Kind kindOf(Role role, Attributes decoded) {
            boolean client = role == Role.CLIENT;
            boolean server = role == Role.SERVER;
            if (decoded.get(HTTP_METHOD) != null) {
                return client ? Kind.HTTP_CLIENT : server ? Kind.HTTP_SERVER : Kind.OTHER;
            }
            if (decoded.get(DB_SYSTEM) != null) {
                return client ? Kind.DB_CLIENT : Kind.OTHER;
            }
            if (rpcSystem(decoded) != null) {
                return client ? Kind.RPC_CLIENT : server ? Kind.RPC_SERVER : Kind.OTHER;
            }
            return Kind.OTHER;
        }

        private static <T> void copy(AttributesBuilder b, Attributes from, AttributeKey<T> key) {
            putIfPresent(b, key, from.get(key));
        }

        private static <T> void putIfPresent(AttributesBuilder b, AttributeKey<T> key, T value) {
            if (value != null) {
                b.put(key, value);
            }
        }
    }
}
