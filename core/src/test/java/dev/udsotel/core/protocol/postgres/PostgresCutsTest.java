package dev.udsotel.core.protocol.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.protocol.Exchanges;
import dev.udsotel.core.protocol.Leaks;
import dev.udsotel.core.protocol.ProtocolAttributes;
import dev.udsotel.core.protocol.ProtocolDecoders;
import dev.udsotel.core.protocol.postgres.CapturedTraffic.Capture;
import dev.udsotel.core.redaction.Redaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every captured exchange cut at every byte offset of each direction: through the decoder for every pair of cuts,
 * and through the registry for every capture limit, which cuts both directions alike.
 */
class PostgresCutsTest {
    /** Enough for any first message to show its header and a byte of content. */
    private static final int ALWAYS_RECOGNIZABLE = 9;

    private final PostgresDecoder decoder = new PostgresDecoder();
    private final ProtocolDecoders registry = ProtocolDecoders.standard();

    private record Case(String name, Capture capture, List<String> secrets) {}

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (var field : CapturedTraffic.class.getDeclaredFields()) {
            if (field.getType() != Capture.class) {
                continue;
            }
            try {
                Capture capture = (Capture) field.get(null);
                List<String> secrets = new ArrayList<>(List.of(
                        CapturedTraffic.CLEARTEXT_SECRET,
                        CapturedTraffic.MD5_SECRET,
                        CapturedTraffic.SCRAM_SECRET,
                        CapturedTraffic.WRONG_SECRET));
                String request = Exchanges.text(capture.request());
                if (request.startsWith("p") && request.contains("md5")) {
                    secrets.add(PostgresDecoderTest.hashIn(capture));
                }
                if (request.contains(",p=")) {
                    secrets.add(PostgresDecoderTest.proofIn(capture));
                }
                if (Exchanges.text(capture.response()).contains("\u0000\u0000\u0000\u000cv=")) {
                    secrets.add(PostgresDecoderTest.signatureIn(capture));
                }
                cases.add(new Case(field.getName(), capture, secrets));
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        return cases;
    }

    @Test
    void decodesEveryCutOfEveryCapturedExchangeWithoutFailingOrLeaking() {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 18, "found the captures");
        for (Case c : cases) {
            byte[] request = c.capture().request();
            byte[] response = c.capture().response();
            for (int requestCut = 0; requestCut <= request.length; requestCut++) {
                for (int responseCut = 0; responseCut <= response.length; responseCut++) {
                    Exchange exchange = Exchanges.cut(request, requestCut, response, responseCut);
                    String where = c.name() + " cut at " + requestCut + "/" + responseCut;
                    boolean recognized = decoder.recognizes(exchange);
                    if (requestCut >= ALWAYS_RECOGNIZABLE) {
                        assertTrue(recognized, where);
                    }
                    if (recognized) {
                        check(decoder.decode(exchange, Redaction.DEFAULT), exchange, c.secrets(), where);
                    }
                }
            }
            int longest = Math.max(request.length, response.length);
            for (int limit = 0; limit <= longest; limit++) {
                Exchange exchange = Exchanges.cut(request, limit, response, limit);
                String where = c.name() + " through the registry with a capture limit of " + limit;
                DecodedExchange viaRegistry = registry.decode(exchange, Redaction.DEFAULT);
                assertEquals(
                        decoder.recognizes(exchange) ? "postgresql" : null,
                        viaRegistry.attributes().get(ProtocolAttributes.PROTOCOL),
                        where);
                for (String secret : c.secrets()) {
                    Leaks.assertNoLeak(viaRegistry, secret, where);
                }
            }
        }
    }

    private static void check(DecodedExchange decoded, Exchange exchange, List<String> secrets, String where) {
        assertNotNull(decoded.spanName(), where);
        assertFalse(decoded.spanName().isEmpty(), where);
        boolean changed = !Arrays.equals(exchange.request().prefix(), decoded.requestPreview())
                || !Arrays.equals(exchange.response().prefix(), decoded.responsePreview());
        assertEquals(changed, Boolean.TRUE.equals(decoded.attributes().get(ProtocolAttributes.REDACTED)), where);
        for (String secret : secrets) {
            Leaks.assertNoLeak(decoded, secret, where);
        }
    }

    @Test
    void doesNotTakeOtherProtocolsOrNoiseForPostgres() {
        List<String> others = List.of(
                "GET /v1.43/containers/json HTTP/1.1\r\nHost: docker\r\n\r\n",
                "POST /v1.43/build HTTP/1.1\r\n",
                "PUT /x HTTP/1.1\r\n",
                "PATCH /x HTTP/1.1\r\n",
                "DELETE /x HTTP/1.1\r\n",
                "*1\r\n$4\r\nPING\r\n",
                "QUIT\r\n",
                "SET key value\r\n",
                "PING\r\n",
                "EXEC\r\n",
                "DEL k\r\n",
                "XADD s * f v\r\n",
                "BGSAVE\r\n",
                "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000",
                "{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}\n",
                "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
                "l\u0001\u0000\u0001\u0000\u0000\u0000\u0000\u0001\u0000\u0000\u0000m\u0000\u0000\u0000",
                "\u0000\u0000\u0000\u0008\u0004\u00d2\u0016\u0031",
                "\u0000\u0000\u0000\u0008\u0000\u0002\u0000\u0000",
                "Q\u0000\u0000\u0000\u000b\u0001\u0002\u0003\u0004\u0005\u0000",
                "S\u0000\u0000\u0000\u0005\u0000");
        for (String other : others) {
            byte[] bytes = Exchanges.bytes(other);
            assertFalse(decoder.recognizes(Exchanges.of(bytes, new byte[0])), other);
        }
        Random random = new Random(5432);
        int recognized = 0;
        for (int k = 0; k < 100_000; k++) {
            byte[] noise = new byte[1 + random.nextInt(256)];
            random.nextBytes(noise);
            if (decoder.recognizes(Exchanges.of(noise, new byte[0]))) {
                recognized++;
            }
        }
        assertEquals(0, recognized, "random byte strings taken for PostgreSQL");
    }
}
