package dev.udsotel.core.span;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.conversation.Captured;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.ParentContext;
import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.event.SocketType;
import dev.udsotel.core.link.BootId;
import dev.udsotel.core.link.DerivedIds;
import dev.udsotel.core.protocol.ProtocolDecoders;
import dev.udsotel.core.redaction.Redaction;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two ends that derive the same identity make one trace: the server span is the client span's child. */
class LinkedEndsTest {
    private static final BootId BOOT = BootId.parse("4a3c1e0b-8d2f-4b8e-9c71-2f0e5d6a7b8c");
    private static final ParentContext APP_SPAN =
            new ParentContext("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", (byte) 1);

    private final CollectingExporter exported = new CollectingExporter();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .setIdGenerator(DerivedIds.GENERATOR)
            .addSpanProcessor(SimpleSpanProcessor.create(exported))
            .build();
    private final ExchangeSpans spans = new ExchangeSpans(
            process -> provider.get("test"),
            new ProtocolDecoders(),
            Redaction.DEFAULT,
            new MonotonicClock(),
            null,
            BOOT);

    @AfterEach
    void close() {
        provider.close();
    }

    private static Connection end(Role role, long pid, long own, long peer) {
        return new Connection(
                        pid,
                        "/run/redis.sock",
                        role,
                        SocketType.STREAM,
                        new ProcessIdentity(pid, "redis", "redis", null))
                .inodes(own, peer);
    }

    private static Exchange exchange(Connection c, long sequence, ParentContext parent) {
        return exchange(c, sequence, parent, "*1\r\n$4\r\nPING\r\n", "+PONG\r\n");
    }

    private static Exchange exchange(
            Connection c, long sequence, ParentContext parent, String request, String response) {
        byte[] requestBytes = request.getBytes(StandardCharsets.US_ASCII);
        byte[] responseBytes = response.getBytes(StandardCharsets.US_ASCII);
        return new Exchange(
                c,
                1_000,
                2_000,
                3_000,
                new Captured(requestBytes.length, requestBytes),
                new Captured(responseBytes.length, responseBytes),
                2,
                parent,
                sequence);
    }

    private SpanData only() {
        assertEquals(1, exported.spans.size(), exported.spans.toString());
        SpanData span = exported.spans.get(0);
        exported.spans.clear();
        return span;
    }

    @Test
    void theServerSpanIsAChildOfTheClientSpanInItsTrace() {
        spans.onExchange(exchange(end(Role.CLIENT, 1, 500, 501), 7, null));
        SpanData client = only();
        spans.onExchange(exchange(end(Role.SERVER, 2, 501, 500), 7, null));
        SpanData server = only();
        assertFalse(client.getParentSpanContext().isValid());
        assertEquals(client.getTraceId(), server.getTraceId());
        assertEquals(client.getSpanId(), server.getParentSpanId());
        assertEquals(7L, server.getAttributes().get(UdsAttributes.EXCHANGE_SEQUENCE));
    }

    @Test
    void anEndThatPipelinedLinksNoMoreOfItsExchanges() {
        Connection client = end(Role.CLIENT, 1, 500, 501);
        spans.onExchange(exchange(client, 1, null));
        assertEquals(1L, only().getAttributes().get(UdsAttributes.EXCHANGE_SEQUENCE), "linked before the pipeline");
        // two commands in one turn here may be two turns at the server: from now on the numbers may pair wrongly
        spans.onExchange(exchange(client, 2, null, "*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nPING\r\n", "+PONG\r\n+PONG\r\n"));
        SpanData pipelined = only();
        assertEquals(2L, pipelined.getAttributes().get(AttributeKey.longKey("uds.redis.pipelined")));
        assertEquals(null, pipelined.getAttributes().get(UdsAttributes.EXCHANGE_SEQUENCE));
        spans.onExchange(exchange(client, 3, null));
        assertEquals(null, only().getAttributes().get(UdsAttributes.EXCHANGE_SEQUENCE), "nor after it");
        spans.onExchange(exchange(end(Role.CLIENT, 1, 502, 503), 1, null));
        assertEquals(1L, only().getAttributes().get(UdsAttributes.EXCHANGE_SEQUENCE), "other connections are linked");
    }

    @Test
    void anotherTurnOrConnectionIsAnotherTrace() {
        spans.onExchange(exchange(end(Role.CLIENT, 1, 500, 501), 1, null));
        String first = only().getTraceId();
        spans.onExchange(exchange(end(Role.CLIENT, 1, 500, 501), 2, null));
        String second = only().getTraceId();
        spans.onExchange(exchange(end(Role.CLIENT, 1, 502, 503), 1, null));
        String other = only().getTraceId();
        assertNotEquals(first, second);
        assertNotEquals(first, other);
    }

    @Test
    void aClientNestedInAnApplicationTraceStaysThereAndLinksToTheServerSpan() {
        spans.onExchange(exchange(end(Role.SERVER, 2, 501, 500), 3, null));
        SpanData server = only();
        spans.onExchange(exchange(end(Role.CLIENT, 1, 500, 501), 3, APP_SPAN));
        SpanData client = only();
        assertEquals(APP_SPAN.traceId(), client.getTraceId());
        assertEquals(APP_SPAN.spanId(), client.getParentSpanId());
        assertEquals(1, client.getLinks().size());
        assertEquals(
                server.getSpanContext().getTraceId(),
                client.getLinks().get(0).getSpanContext().getTraceId());
        assertEquals(
                server.getSpanId(), client.getLinks().get(0).getSpanContext().getSpanId());
    }

    @Test
    void unnumberedExchangesAndUnknownPeersStartTracesOfTheirOwn() {
        spans.onExchange(exchange(end(Role.SERVER, 2, 501, 500), Exchange.UNNUMBERED, null));
        assertFalse(only().getParentSpanContext().isValid());
        spans.onExchange(exchange(end(Role.SERVER, 2, 501, 0), 4, null));
        SpanData unknownPeer = only();
        assertFalse(unknownPeer.getParentSpanContext().isValid());
        assertTrue(unknownPeer.getAttributes().get(UdsAttributes.EXCHANGE_SEQUENCE) == null);
    }

    @Test
    void aDerivedIdNeverLeaksIntoTheNextSpan() {
        spans.onExchange(exchange(end(Role.CLIENT, 1, 500, 501), 1, null));
        SpanData derived = only();
        spans.onExchange(exchange(end(Role.CLIENT, 1, 500, 501), Exchange.UNNUMBERED, null));
        SpanData random = only();
        assertNotEquals(derived.getTraceId(), random.getTraceId());
        assertNotEquals(derived.getSpanId(), random.getSpanId());
    }
}
