package dev.udsotel.core.span;

import static dev.udsotel.core.span.UdsAttributes.*;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import dev.udsotel.core.conversation.Captured;
import dev.udsotel.core.conversation.ConversationListener;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.ParentContext;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.export.ExportCounts;
import dev.udsotel.core.export.TelemetryExport;
import dev.udsotel.core.link.BootId;
import dev.udsotel.core.link.DerivedIds;
import dev.udsotel.core.link.ExchangeIdentity;
import dev.udsotel.core.metrics.ExchangeMetrics;
import dev.udsotel.core.payload.PayloadText;
import dev.udsotel.core.process.LeastRecentlyUsed;
import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.protocol.ProtocolAttributes;
import dev.udsotel.core.protocol.ProtocolDecoders;
import dev.udsotel.core.protocol.http2.Http2Call;
import dev.udsotel.core.protocol.http2.StreamEvent;
import dev.udsotel.core.redaction.Redaction;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.util.Collections;
import java.util.Set;

/**
 * Turns exchanges, HTTP/2 calls and handshakes into spans with the timing the events recorded. Every exchange and
 * call is counted in the metrics first; it then becomes a span only if the SDK's batch queue has room for it for certain, so the SDK never
 * drops one: without room the whole exchange is shed and counted ({@link ExportCounts#shedForRoom()}).
 */
public final class ExchangeSpans implements ConversationListener {
    private static final int MAX_PIPELINING = 4096;
    private final TracerSource tracers;
    private final ProtocolDecoders decoders;
    private final Redaction redaction;
    private final MonotonicClock clock;
    private final ConnectionAttributes.Cache connectionAttributes = new ConnectionAttributes.Cache();
    private final DecodedAttributes decodedAttributes = new DecodedAttributes();
    private final ExportCounts counts;
    /** Null where the boot id cannot be read: then no identity is derived, and the ends are not linked. */
    private final ExchangeIdentity.Keys identities;
    /** Connections that pipelined: their ends may count turns differently, so they are linked no more. */
    private final Set<Connection> pipelining = Collections.newSetFromMap(new LeastRecentlyUsed<>(MAX_PIPELINING));

    private final ExchangeMetrics metrics;

    public ExchangeSpans(TracerSource tracers, ProtocolDecoders decoders, Redaction redaction, MonotonicClock clock) {
        this(tracers, decoders, redaction, clock, null, null, BootId.current());
    }

    /** Spans, counts and metrics of one {@link TelemetryExport}: what the agent and the sidecar use. */
    public ExchangeSpans(TelemetryExport export, ProtocolDecoders decoders, Redaction redaction, MonotonicClock clock) {
        this(export, decoders, redaction, clock, export.counts(), export.metrics(), BootId.current());
    }

    /** @param counts told of every sampled span ended, and asked for room before each; or null */
    public ExchangeSpans(
            TracerSource tracers,
            ProtocolDecoders decoders,
            Redaction redaction,
            MonotonicClock clock,
            ExportCounts counts) {
        this(tracers, decoders, redaction, clock, counts, null, BootId.current());
    }

    /** @param boot the boot whose exchanges these are, or null to derive no identities */
    public ExchangeSpans(
            TracerSource tracers,
            ProtocolDecoders decoders,
            Redaction redaction,
            MonotonicClock clock,
            ExportCounts counts,
            BootId boot) {
        this(tracers, decoders, redaction, clock, counts, null, boot);
    }

    /**
     * @param counts told of every sampled span ended, and asked for room before each; or null
     * @param metrics told of every exchange, or null
     * @param boot the boot whose exchanges these are, or null to derive no identities
     */
    public ExchangeSpans(
            TracerSource tracers,
            ProtocolDecoders decoders,
            Redaction redaction,
            MonotonicClock clock,
            ExportCounts counts,
            ExchangeMetrics metrics,
            BootId boot) {
        this.identities = boot == null ? null : new ExchangeIdentity.Keys(boot);
        this.counts = counts;
        this.metrics = metrics;
        this.tracers = tracers;
        this.decoders = decoders;
        this.redaction = redaction;
        this.clock = clock;
    }

    @Override
    public void onExchange(Exchange exchange) {
        if (counts != null && !counts.hasRoom()) {
            onShedExchange(exchange);
            counts.shedForWantOfRoom();
            return;
        }
        DecodedExchange decoded = decoders.decode(exchange, redaction);
        if (metrics != null) {
            metrics.record(exchange, decoded);
        }
        Connection c = exchange.connection();
        SpanBuilder builder = builder(c, decoded, exchange.startNanos());
        builder.setAttribute(EXCHANGE_SHAPE, exchange.isBurst() ? "burst" : "exchange")
                .setAttribute(MESSAGES, (long) exchange.messages());
        ExchangeIdentity identity = identityOf(exchange, decoded);
        if (identity == null) {
            withParent(builder, exchange.parent());
        } else {
            builder.setAttribute(EXCHANGE_SEQUENCE, exchange.sequence());
            linkEnds(builder, c.role(), identity, exchange.parent());
        }
        direction(
                builder,
                exchange.request(),
                decoded.requestPreview(),
                REQUEST_BYTES,
                REQUEST_PREVIEW,
                REQUEST_TRUNCATED);
        direction(
                builder,
                exchange.response(),
                decoded.responsePreview(),
                RESPONSE_BYTES,
                RESPONSE_PREVIEW,
                RESPONSE_TRUNCATED);
        if (exchange.passedFds() > 0) {
            builder.setAttribute(FDS_PASSED, exchange.passedFds());
        }
        boolean answered = !exchange.isBurst();
        if (answered) {
            builder.setAttribute(TIME_TO_FIRST_BYTE_MS, (exchange.firstResponseNanos() - exchange.startNanos()) / 1e6);
        }
        Span span;
        try {
            span = builder.startSpan();
        } finally {
            if (identity != null) {
                DerivedIds.GENERATOR.clear();
            }
        }
        if (answered) {
            span.addEvent("uds.first_response_byte", clock.toEpochNanos(exchange.firstResponseNanos()), NANOSECONDS);
        }
        PassedAlongEvents.add(span, exchange.passedAlong(), clock);
        if (decoded.error()) {
            span.setStatus(StatusCode.ERROR);
        }
        end(span, exchange.endNanos(), c);
    }

    /** One span per HTTP/2 stream, its resets and GOAWAYs as events. */
    @Override
    public void onHttp2Call(Http2Call call) {
        if (counts != null && !counts.hasRoom()) {
            onShedHttp2Call(call);
            counts.shedForWantOfRoom();
            return;
        }
        DecodedExchange decoded = decoders.decode(call, redaction);
        if (metrics != null) {
            metrics.record(call, decoded);
        }
        SpanBuilder builder = builder(call.connection(), decoded, call.startNanos());
        builder.setAttribute(EXCHANGE_SHAPE, "exchange").setAttribute(MESSAGES, (long) call.frames());
        withParent(builder, call.parent());
        builder.setAttribute(REQUEST_BYTES, call.requestBytes()).setAttribute(RESPONSE_BYTES, call.responseBytes());
        if (decoded.requestPreview().length > 0) {
            builder.setAttribute(REQUEST_PREVIEW, PayloadText.render(decoded.requestPreview()));
        }
        if (decoded.responsePreview().length > 0) {
            builder.setAttribute(RESPONSE_PREVIEW, PayloadText.render(decoded.responsePreview()));
        }
        if (call.firstResponseNanos() >= 0) {
            builder.setAttribute(TIME_TO_FIRST_BYTE_MS, (call.firstResponseNanos() - call.startNanos()) / 1e6);
        }
        Span span = builder.startSpan();
        if (call.firstResponseNanos() >= 0) {
            span.addEvent("uds.first_response_byte", clock.toEpochNanos(call.firstResponseNanos()), NANOSECONDS);
        }
        for (StreamEvent event : call.events()) {
            AttributesBuilder attributes = Attributes.builder()
                    .put(HTTP2_ERROR_CODE, event.errorCode())
                    .put(HTTP2_SENDER, event.sentByClient() ? "client" : "server");
            if (event.lastStreamId() >= 0) {
                attributes.put(HTTP2_LAST_STREAM_ID, event.lastStreamId());
            }
            span.addEvent(event.name(), attributes.build(), clock.toEpochNanos(event.nanos()), NANOSECONDS);
        }
        if (decoded.error()) {
            span.setStatus(StatusCode.ERROR);
        }
        end(span, call.endNanos(), call.connection());
    }

    /** A span of {@code c} named and attributed as decoded, starting at {@code startNanos}. */
    private SpanBuilder builder(Connection c, DecodedExchange decoded, long startNanos) {
        ConnectionAttributes.Shared shared = connectionAttributes.of(c);
        SpanBuilder builder = tracers.tracerFor(c.process())
                .spanBuilder(decoded.spanName() != null ? decoded.spanName() : shared.genericSpanName)
                .setSpanKind(kindOf(c))
                .setStartTimestamp(clock.toEpochNanos(startNanos), NANOSECONDS);
        shared.writeTo(builder);
        decodedAttributes.write(builder, decoded);
        return builder;
    }

    @Override
    public void onShedExchange(Exchange exchange) {
        if (metrics != null) {
            metrics.record(exchange, decoders.decodeForMetrics(exchange, redaction));
        }
    }

    @Override
    public void onShedHttp2Call(Http2Call call) {
        if (metrics != null) {
            metrics.record(call, decoders.decodeForMetrics(call, redaction));
        }
    }

    @Override
    public void onClosed(Connection connection) {
        connectionAttributes.forget(connection);
        if (metrics != null) {
            metrics.forget(connection);
        }
    }

    @Override
    public void onHandshake(IoEvent event) {
        if (counts != null && !counts.hasRoom()) {
            counts.shedForWantOfRoom();
            return;
        }
        Connection c = event.connection();
        String path = c.socketPath().isEmpty() ? "(unnamed)" : c.socketPath();
        String verb = event.kind().name().toLowerCase(java.util.Locale.ROOT);
        SpanBuilder builder = tracers.tracerFor(c.process())
                .spanBuilder(verb + " " + path)
                .setSpanKind(kindOf(c))
                .setStartTimestamp(clock.toEpochNanos(event.startNanos()), NANOSECONDS);
        connectionAttributes.of(c).writeTo(builder);
        withParent(builder, event.parent());
        Span span = builder.startSpan();
        if (event.error() != null) {
            span.setAttribute(ERROR_TYPE, errorType(event.error()));
            span.setStatus(StatusCode.ERROR, event.error());
        }
        end(span, event.endNanos(), c);
    }

    private void end(Span span, long monotonicNanos, Connection c) {
        span.end(clock.toEpochNanos(monotonicNanos), NANOSECONDS);
        if (counts != null
                && tracers.countsExports(c.process())
                && span.getSpanContext().isSampled()) {
            counts.ended();
        }
    }

    private static void direction(
            SpanBuilder builder,
            Captured captured,
            byte[] preview,
            AttributeKey<Long> bytesKey,
            AttributeKey<String> previewKey,
            AttributeKey<Boolean> truncatedKey) {
        builder.setAttribute(bytesKey, captured.totalBytes());
        if (preview.length > 0) {
            builder.setAttribute(previewKey, PayloadText.render(preview));
            builder.setAttribute(truncatedKey, captured.truncated());
        }
    }

    /** Both ends' shared identity of this exchange, or null where either end might not know it. */
    private ExchangeIdentity identityOf(Exchange exchange, DecodedExchange decoded) {
        Connection c = exchange.connection();
        if (ProtocolAttributes.pipelined(decoded.decoderAttributes())) {
            pipelining.add(c);
        }
        if (pipelining.contains(c)) {
            return null;
        }
        if (identities == null
                || exchange.sequence() < 1
                || c.role() == Role.PEER
                || c.inode() == 0
                || c.peerInode() == 0) {
            return null;
        }
        return identities.derive(c.inode(), c.peerInode(), exchange.sequence());
    }

    /**
     * A client span that starts a trace takes the derived identity; the server span names it as its parent. Where
     * the application's span is current, that stays the parent, and the derived identity of the other end becomes a
     * span link: a client nested in an application trace links to the server span, a server to the client span.
     */
    private static void linkEnds(SpanBuilder builder, Role role, ExchangeIdentity identity, ParentContext parent) {
        boolean client = role == Role.CLIENT;
        if (parent != null) {
            withParent(builder, parent);
            builder.addLink(SpanContext.createFromRemoteParent(
                    identity.traceId(),
                    client ? identity.serverSpanId() : identity.clientSpanId(),
                    TraceFlags.getSampled(),
                    TraceState.getDefault()));
            DerivedIds.GENERATOR.forNextSpan(null, client ? identity.clientSpanId() : identity.serverSpanId());
        } else if (client) {
            builder.setNoParent();
            DerivedIds.GENERATOR.forNextSpan(identity.traceId(), identity.clientSpanId());
        } else {
            SpanContext clientSpan = SpanContext.createFromRemoteParent(
                    identity.traceId(), identity.clientSpanId(), TraceFlags.getSampled(), TraceState.getDefault());
            builder.setParent(Context.root().with(Span.wrap(clientSpan)));
            DerivedIds.GENERATOR.forNextSpan(null, identity.serverSpanId());
        }
    }

    private static void withParent(SpanBuilder builder, ParentContext parent) {
        if (parent == null) {
            builder.setNoParent();
            return;
        }
        SpanContext remote = SpanContext.createFromRemoteParent(
                parent.traceId(), parent.spanId(), TraceFlags.fromByte(parent.traceFlags()), TraceState.getDefault());
        builder.setParent(Context.root().with(Span.wrap(remote)));
    }

    private static SpanKind kindOf(Connection c) {
        return switch (c.role()) {
            case CLIENT -> SpanKind.CLIENT;
            case SERVER -> SpanKind.SERVER;
            case PEER -> SpanKind.INTERNAL;
        };
    }

    private static String errorType(String error) {
        int colon = error.indexOf(':');
        return colon > 0 ? error.substring(0, colon) : error;
    }
}
