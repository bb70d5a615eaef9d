package dev.udsotel.core.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.conversation.Captured;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.payload.PayloadText;
import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.protocol.ProtocolAttributes;
import dev.udsotel.core.protocol.ProtocolDecoder;
import dev.udsotel.core.protocol.ProtocolDecoders;
import dev.udsotel.core.redaction.Redaction;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A million exchanges through the decoder registry as spans are built: random bytes, protocols no decoder knows,
 * mutated HTTP, RESP and PostgreSQL, and valid exchanges carrying a secret, cut anywhere. The registry must answer
 * every one (falling back to the generic {@code UDS <socket path>} result), no decoder may throw on the way, no
 * credential header value and no generated secret may survive redaction, and {@code uds.redacted} must tell the
 * truth. Inputs: 1,000,000 tries; one in four is decoded twice (the decoder properties decode every recognized
 * input twice).
 */
class DecoderRegistryFuzzTest {
    private static final int TRIES = 1_000_000;
    private static final String GENERIC_NAME = "UDS " + dev.udsotel.core.protocol.Exchanges.SOCKET;
    /** Protocols no decoder knows, for the generic path. */
    private static final List<byte[]> UNKNOWN = List.of(
            Wire.latin1("{\"jsonrpc\":\"2.0\",\"method\":\"eth_blockNumber\",\"params\":[],\"id\":1}\n"),
            Wire.latin1("l\u0001\u0000\u0001\u0000\u0000\u0000\u0000\u0001\u0000\u0000\u0000m\u0000\u0000\u0000\u0001"
                    + "\u0001o\u0000\u0015\u0000\u0000\u0000/org/freedesktop/DBus\u0000"),
            Wire.latin1("\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003"),
            Wire.latin1("AUTH EXTERNAL 31303030\r\nNEGOTIATE_UNIX_FD\r\nBEGIN\r\n"),
            Wire.latin1("Authorization: Bearer not-http-at-all\nCookie: a=b\nX-Registry-Auth: eyJ1c2VyIjoieCJ9\n"),
            Wire.latin1("version 1\nstats\r\nget key\r\n"));

    /** 40% random, 20% unknown protocols, 30% mutated, 10% secret-carrying (also fuzzed per decoder). */
    private enum Kind {
        RANDOM,
        UNKNOWN,
        MUTATED,
        SECRET
    }

    /** One exchange; {@code again} when it is decoded a second time, to prove the result repeats. */
    private record Case(Kind kind, Dialect dialect, Traffic traffic, String secret, boolean again) {}

    @Test
    void answersEveryExchangeWithoutThrowingOrLeaking() {
        StrictDecoders strict = new StrictDecoders();
        ProtocolDecoders decoders = new ProtocolDecoders(strict.decoders());
        Map<String, Integer> reached = new HashMap<>();
        int tries = Property.forAll(
                        "registry: random, unknown, mutated and secret-carrying exchanges",
                        DecoderRegistryFuzzTest::generate)
                .tries(TRIES)
                .seed(0x0d5_2026_1129L)
                .describedBy(c -> c.kind() + " " + c.dialect() + " " + c.traffic()
                        + (c.secret() == null ? "" : " secret " + PayloadText.render(Wire.latin1(c.secret()))))
                // A secret-carrying request is not shrunk: removing bytes around the secret proves nothing.
                .shrinkingWith(c -> c.secret() != null
                        ? java.util.Collections.emptyIterator()
                        : DecoderProperties.mapped(
                                c.traffic().smaller(), t -> new Case(c.kind(), c.dialect(), t, null, c.again())))
                .check(c -> {
                    DecodedExchange decoded = check(strict, decoders, c);
                    String protocol = decoded.attributes().get(ProtocolAttributes.PROTOCOL);
                    reached.merge(c.kind() + "/" + (protocol == null ? "generic" : protocol), 1, Integer::sum);
                });

        System.out.println("fuzz:   kind/decoder reached: " + new java.util.TreeMap<>(reached));
        // The generators must reach every decoder and the generic path, or the run proves little.
        for (String expected : List.of(
                "RANDOM/generic",
                "UNKNOWN/generic",
                "MUTATED/http",
                "MUTATED/redis",
                "MUTATED/postgresql",
                "SECRET/http",
                "SECRET/redis",
                "SECRET/postgresql")) {
            assertTrue(tries < 1_000 || reached.getOrDefault(expected, 0) > tries / 100, expected + " in " + reached);
        }
    }

    private static Case generate(SplittableRandom random) {
        int draw = random.nextInt(10);
        Kind kind = draw < 4 ? Kind.RANDOM : draw < 6 ? Kind.UNKNOWN : draw < 9 ? Kind.MUTATED : Kind.SECRET;
        Dialect dialect = Dialect.values()[random.nextInt(Dialect.values().length)];
        boolean redact = random.nextInt(16) != 0;
        boolean again = random.nextInt(4) == 0;
        return switch (kind) {
            case RANDOM -> {
                byte[] request =
                        random.nextBoolean() ? Mutations.randomBytes(random) : Mutations.tokenSoup(random, dialect);
                byte[] response = Mutations.randomBytes(random);
                yield new Case(
                        kind,
                        dialect,
                        Traffic.cut(
                                request,
                                Mutations.cut(random, request.length),
                                response,
                                Mutations.cut(random, response.length),
                                redact),
                        null,
                        again);
            }
            case UNKNOWN -> {
                byte[] request = Mutations.mutated(random, dialect, UNKNOWN);
                byte[] response = Mutations.mutated(random, dialect, UNKNOWN);
                yield new Case(
                        kind,
                        dialect,
                        Traffic.cut(
                                request,
                                Mutations.cut(random, request.length),
                                response,
                                Mutations.cut(random, response.length),
                                redact),
                        null,
                        again);
            }
            case MUTATED -> {
                byte[] request = Mutations.mutated(random, dialect, dialect.requests());
                byte[] response = Mutations.mutated(random, dialect, dialect.responses());
                yield new Case(
                        kind,
                        dialect,
                        Traffic.cut(
                                request,
                                Mutations.cut(random, request.length),
                                response,
                                Mutations.cut(random, response.length),
                                redact),
                        null,
                        again);
            }
            case SECRET -> {
                SecretTraffic.Secret secret = switch (dialect) {
                    case HTTP -> SecretTraffic.http(random);
                    case REDIS -> SecretTraffic.redis(random);
                    case POSTGRES -> PostgresSecrets.withSecret(random, SecretTraffic.secret(random));
                };
                byte[] request = secret.request();
                byte[] response = secret.response();
                yield new Case(
                        kind,
                        dialect,
                        Traffic.cut(
                                request,
                                Mutations.cut(random, request.length),
                                response,
                                Mutations.cut(random, response.length),
                                true),
                        secret.secret(),
                        again);
            }
        };
    }

    private static DecodedExchange check(StrictDecoders strict, ProtocolDecoders decoders, Case c) {
        Traffic traffic = c.traffic();
        Exchange exchange = traffic.exchange();
        strict.failure = null;
        DecodedExchange decoded = decoders.decode(exchange, traffic.redaction());
        if (strict.failure != null) {
            throw new AssertionError("a decoder threw (the registry hid it)", strict.failure);
        }
        DecoderContract.requireUntouched(traffic, exchange);
        DecoderContract.requireWellFormed(decoded, traffic);
        if (c.again()) {
            // Proves the result repeats, and with no redaction given that the default applies.
            DecoderContract.requireSame(
                    decoded, decoders.decode(traffic.exchange(), traffic.redact() ? null : traffic.redaction()));
        }
        boolean changed = !Arrays.equals(traffic.request(), decoded.requestPreview())
                || !Arrays.equals(traffic.response(), decoded.responsePreview());
        String protocol = decoded.attributes().get(ProtocolAttributes.PROTOCOL);
        boolean keyMaterial = "ssh-agent".equals(protocol) || "gpg-agent".equals(protocol);
        if (!traffic.redact() && !keyMaterial) {
            if (changed) {
                throw new AssertionError("redaction is off, yet a preview changed: " + Render.of(decoded));
            }
        } else {
            if (changed != Boolean.TRUE.equals(decoded.attributes().get(ProtocolAttributes.REDACTED))) {
                throw new AssertionError("uds.redacted disagrees with the previews: " + Render.of(decoded));
            }
            if (!CredentialHeaders.noValueIn(decoded.requestPreview())
                    || !CredentialHeaders.noValueIn(decoded.responsePreview())) {
                throw new AssertionError("a credential header value survived: " + Render.of(decoded));
            }
        }
        if (decoded.attributes().get(ProtocolAttributes.PROTOCOL) == null) {
            DecodedExchange generic = ProtocolDecoders.generic(traffic.exchange(), traffic.redaction());
            if (!GENERIC_NAME.equals(decoded.spanName())) {
                throw new AssertionError("an exchange no decoder took is named " + decoded.spanName());
            }
            DecoderContract.requireSame(decoded, generic);
            DecodedExchange partless = ProtocolDecoders.generic(
                    new Exchange(null, 0, -1, 0, new Captured(traffic.requestTotal(), null), null, 0, null),
                    traffic.redaction());
            if (!"UDS (unnamed)".equals(partless.spanName())
                    || partless.requestPreview().length != 0
                    || partless.responsePreview().length != 0) {
                throw new AssertionError("an exchange with missing parts became " + Render.of(partless));
            }
        }
        if (c.secret() != null) {
            DecoderProperties.requireNoLeak(decoded, c.secret());
        }
        return decoded;
    }

    /** The built-in decoders, each wrapped to record what it throws before the registry swallows it. */
    private static final class StrictDecoders {
        Throwable failure;

        List<ProtocolDecoder> decoders() {
            return ProtocolDecoders.builtIn().stream().map(this::strict).toList();
        }

        private ProtocolDecoder strict(ProtocolDecoder decoder) {
            return new ProtocolDecoder() {
                @Override
                public String name() {
                    return decoder.name();
                }

                @Override
                public boolean recognizes(Exchange exchange) {
                    try {
                        return decoder.recognizes(exchange);
                    } catch (RuntimeException | Error e) {
                        failure = e;
                        throw e;
                    }
                }

                @Override
                public DecodedExchange decode(Exchange exchange, Redaction redaction) {
                    try {
                        return decoder.decode(exchange, redaction);
                    } catch (RuntimeException | Error e) {
                        failure = e;
                        throw e;
                    }
                }
            };
        }
    }
}
