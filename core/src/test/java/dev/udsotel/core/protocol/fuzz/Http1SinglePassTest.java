package dev.udsotel.core.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.protocol.DecodedParts;
import dev.udsotel.core.protocol.ProtocolAttributes;
import dev.udsotel.core.protocol.ProtocolDecoders;
import dev.udsotel.core.protocol.http.Http1Decoder;
import dev.udsotel.core.protocol.http.before.Http1DecoderBefore;
import dev.udsotel.core.protocol.postgres.PostgresDecoder;
import dev.udsotel.core.protocol.redis.RespDecoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/1.x decoder's single-pass parse against the decoder as it was before it ({@link Http1DecoderBefore}), and
 * the registry's fast path for spans against its plain path with that older decoder, over generated exchanges:
 * random bytes, mutated valid exchanges, secret-carrying requests with mutated tails, and header soups
 * ({@link HeaderSoup}), each cut anywhere. Inputs: 300,000 per property.
 */
class Http1SinglePassTest {
    private static final int TRIES = 300_000;
    private static final String GENERIC_NAME = "UDS " + dev.udsotel.core.protocol.Exchanges.SOCKET;

    @Test
    void recognizesAndDecodesExactlyAsBeforeTheSinglePassParse() {
        Http1Decoder now = new Http1Decoder();
        Http1DecoderBefore before = new Http1DecoderBefore();
        Map<String, Integer> keys = new TreeMap<>();
        int[] recognized = {0};
        int tries = Property.forAll("http: single-pass parse against the decoder before it", Http1SinglePassTest::traffic)
                .tries(TRIES).seed(0x5199_2026_1129L).shrinkingWith(Traffic::smaller)
                .check(traffic -> {
                    Exchange exchange = traffic.exchange();
                    boolean expected = before.recognizes(exchange);
                    if (now.recognizes(exchange) != expected || (now.recognized(exchange) != null) != expected) {
                        throw new AssertionError("recognized " + !expected + ", before " + expected);
                    }
                    if (!expected) {
                        return;
                    }
                    recognized[0]++;
                    DecodedExchange then = before.decode(exchange, traffic.redaction());
                    requireEqual(then, now.decode(exchange, traffic.redaction()));
                    then.attributes().forEach((key, value) -> keys.merge(key.getKey(), 1, Integer::sum));
                });
        System.out.println("fuzz:   recognized " + recognized[0] + ", attributes seen " + keys);
        assertTrue(tries < 1_000 || recognized[0] > tries / 3, "recognized " + recognized[0]);
        requireEveryAttributeSeen(tries, keys);
    }

    @Test
    void buildsTheSameSpanPartsAsThePlainRegistryWithTheDecoderBefore() {
        ProtocolDecoders fast = new ProtocolDecoders(ProtocolDecoders.builtIn());
        ProtocolDecoders plain = new ProtocolDecoders(
                List.of(new Http1DecoderBefore(), new RespDecoder(), new PostgresDecoder()));
        int[] http = {0};
        int tries = Property.forAll("registry: single-pass parts against the plain path before it",
                        Http1SinglePassTest::traffic)
                .tries(TRIES).seed(0x5199_2026_1130L).shrinkingWith(Traffic::smaller)
                .check(traffic -> {
                    Exchange exchange = traffic.exchange();
                    DecodedExchange expected = plain.decode(exchange, traffic.redaction());
                    DecodedParts parts = fast.decodeParts(exchange, traffic.redaction());
                    requireEqual(expected, parts.merged(GENERIC_NAME));
                    requireSameOrder(expected, parts);
                    requireEqual(expected, fast.decode(exchange, traffic.redaction()));
                    http[0] += "http".equals(parts.protocol()) ? 1 : 0;
                });
        assertTrue(tries < 1_000 || http[0] > tries / 3, "decoded as http " + http[0]);
    }

    /** One in five random bytes or token soups, two in five mutated exchanges, one secret, one header soup. */
    private static Traffic traffic(SplittableRandom random) {
        byte[] request;
        byte[] response;
        switch (random.nextInt(5)) {
            case 0 -> {
                request = random.nextBoolean() ? Mutations.randomBytes(random) : Mutations.tokenSoup(random, Dialect.HTTP);
                response = random.nextBoolean() ? Mutations.randomBytes(random) : Mutations.tokenSoup(random, Dialect.HTTP);
            }
            case 1, 2 -> {
                request = Mutations.mutated(random, Dialect.HTTP, Dialect.HTTP.requests());
                response = random.nextBoolean() ? Dialect.HTTP.responses().get(random.nextInt(6))
                        : Mutations.mutated(random, Dialect.HTTP, Dialect.HTTP.responses());
            }
            case 3 -> {
                SecretTraffic.Secret secret = SecretTraffic.http(random);
                request = Mutations.mutatedTail(random, Dialect.HTTP, secret.request(),
                        random.nextInt(secret.request().length + 1));
                response = secret.response();
            }
            default -> {
                request = HeaderSoup.request(random);
                response = HeaderSoup.response(random);
            }
        }
        int requestCut = random.nextBoolean() ? request.length : Mutations.cut(random, request.length);
        int responseCut = random.nextBoolean() ? response.length : Mutations.cut(random, response.length);
        return Traffic.cut(request, requestCut, response, responseCut, random.nextInt(8) != 0);
    }

    static void requireEqual(DecodedExchange expected, DecodedExchange actual) {
        if (!expected.spanName().equals(actual.spanName()) || !expected.attributes().equals(actual.attributes())
                || !Arrays.equals(expected.requestPreview(), actual.requestPreview())
                || !Arrays.equals(expected.responsePreview(), actual.responsePreview())
                || expected.error() != actual.error()) {
            throw new AssertionError("expected " + Render.of(expected) + "\n  but got  " + Render.of(actual));
        }
    }

    /**
     * The parts' attributes come in the order the plain ones do, without the extras the span builder puts in their
     * place, so a span attribute limit keeps the same ones.
     */
    private static void requireSameOrder(DecodedExchange expected, DecodedParts parts) {
        List<String> plainKeys = new ArrayList<>();
        expected.attributes().forEach((key, value) -> {
            if (parts.protocol() == null && !parts.scrubbed() || !isExtra(key.getKey())) {
                plainKeys.add(key.getKey());
            }
        });
        List<String> partKeys = new ArrayList<>();
        parts.attributes().forEach((key, value) -> partKeys.add(key.getKey()));
        if (!plainKeys.equals(partKeys)) {
            throw new AssertionError("attribute order " + partKeys + ", plain " + plainKeys);
        }
        if (Objects.equals(parts.protocol(), "http") && parts.scrubbed()
                != Boolean.TRUE.equals(expected.attributes().get(ProtocolAttributes.REDACTED))) {
            throw new AssertionError("uds.redacted " + parts.scrubbed() + " in the parts of " + Render.of(expected));
        }
    }

    private static boolean isExtra(String key) {
        return key.equals(ProtocolAttributes.PROTOCOL.getKey()) || key.equals(ProtocolAttributes.REDACTED.getKey());
    }

    private static void requireEveryAttributeSeen(int tries, Map<String, Integer> keys) {
        if (tries < 1_000) {
            return;
        }
        for (String key : List.of("error.type", "http.request.body.size", "http.request.header.host",
                "http.request.method", "http.response.body.size", "http.response.status_code", "network.protocol.name",
                "network.protocol.version", "uds.http.chunked", "uds.http.pipelined", "uds.redacted", "url.path",
                "url.query", "user_agent.original")) {
            assertTrue(keys.getOrDefault(key, 0) > tries / 1_000, key + " in " + keys);
        }
    }
}
