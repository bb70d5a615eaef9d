package dev.udsotel.core.span;

import static dev.udsotel.core.span.UdsAttributes.*;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import dev.udsotel.core.conversation.Captured;
import dev.udsotel.core.conversation.ConversationListener;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.ParentContext;
import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.protocol.ProtocolDecoders;
import dev.udsotel.core.protocol.Redaction;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;

/**
 * The span of an exchange built the plain way, as ExchangeSpans did before its fast paths: the merged
 * {@link ProtocolDecoders#decode} result, attributes set as whole sets, previews rendered byte by byte.
 */
final class ReferenceSpans implements ConversationListener {
    private final TracerSource tracers;
    private final ProtocolDecoders decoders;
    private final Redaction redaction;
    private final MonotonicClock clock;

    ReferenceSpans(TracerSource tracers, ProtocolDecoders decoders, Redaction redaction, MonotonicClock clock) {
        this.tracers = tracers;
        this.decoders = decoders;
        this.redaction = redaction;
        this.clock = clock;
    }

    @Override
    public void onExchange(Exchange exchange) {
        Connection c = exchange.connection();
        DecodedExchange decoded = decoders.decode(exchange, redaction);
        SpanBuilder builder = tracers.tracerFor(c.process())
                .spanBuilder(decoded.spanName())
                .setSpanKind(kindOf(c))
                .setStartTimestamp(clock.toEpochNanos(exchange.startNanos()), NANOSECONDS)
                .setAllAttributes(ConnectionAttributes.of(c))
                .setAllAttributes(decoded.attributes())
                .setAttribute(EXCHANGE_SHAPE, exchange.isBurst() ? "burst" : "exchange")
                .setAttribute(MESSAGES, (long) exchange.messages());
        withParent(builder, exchange.parent());
        direction(builder, exchange.request(), decoded.requestPreview(), REQUEST_BYTES, REQUEST_PREVIEW, REQUEST_TRUNCATED);
        direction(builder, exchange.response(), decoded.responsePreview(), RESPONSE_BYTES, RESPONSE_PREVIEW, RESPONSE_TRUNCATED);
        boolean answered = !exchange.isBurst();
        if (answered) {
            builder.setAttribute(TIME_TO_FIRST_BYTE_MS, (exchange.firstResponseNanos() - exchange.startNanos()) / 1e6);
        }
        Span span = builder.startSpan();
        if (answered) {
            span.addEvent("uds.first_response_byte", clock.toEpochNanos(exchange.firstResponseNanos()), NANOSECONDS);
        }
        if (decoded.error()) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end(clock.toEpochNanos(exchange.endNanos()), NANOSECONDS);
    }

    @Override
    public void onClosed(Connection connection) {}

    @Override
    public void onHandshake(IoEvent event) {
        Connection c = event.connection();
        String path = c.socketPath().isEmpty() ? "(unnamed)" : c.socketPath();
        SpanBuilder builder = tracers.tracerFor(c.process())
                .spanBuilder(event.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + path)
                .setSpanKind(kindOf(c))
                .setStartTimestamp(clock.toEpochNanos(event.startNanos()), NANOSECONDS)
                .setAllAttributes(ConnectionAttributes.of(c));
        withParent(builder, event.parent());
        Span span = builder.startSpan();
        if (event.error() != null) {
            int colon = event.error().indexOf(':');
            span.setAttribute(ERROR_TYPE, colon > 0 ? event.error().substring(0, colon) : event.error());
            span.setStatus(StatusCode.ERROR, event.error());
        }
        span.end(clock.toEpochNanos(event.endNanos()), NANOSECONDS);
    }

    private static void direction(SpanBuilder builder, Captured captured, byte[] preview, AttributeKey<Long> bytesKey,
            AttributeKey<String> previewKey, AttributeKey<Boolean> truncatedKey) {
        builder.setAttribute(bytesKey, captured.totalBytes());
        if (preview.length > 0) {
            builder.setAttribute(previewKey, byteByByte(preview));
            builder.setAttribute(truncatedKey, captured.truncated());
        }
    }

    private static String byteByByte(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte value : bytes) {
            int b = value & 0xff;
            switch (b) {
                case '\\' -> text.append("\\\\");
                case '\r' -> text.append("\\r");
                case '\n' -> text.append("\\n");
                case '\t' -> text.append("\\t");
                default -> text.append(b >= 0x20 && b <= 0x7e ? String.valueOf((char) b) : String.format("\\x%02x", b));
            }
        }
        return text.toString();
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
}
