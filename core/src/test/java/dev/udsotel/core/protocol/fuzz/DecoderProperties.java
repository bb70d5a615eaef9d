package dev.udsotel.core.protocol.fuzz;

import dev.udsotel.core.payload.PayloadText;
import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.protocol.ProtocolDecoder;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The three properties every protocol decoder is fuzzed with, each over {@link DecoderContract}: purely random
 * input, structure-aware mutations of valid exchanges, and valid exchanges that carry a secret followed by a mutated
 * tail, whose secret must not survive in the previews, the span name or any attribute.
 */
final class DecoderProperties {
    private final Supplier<ProtocolDecoder> decoders;
    private final Dialect dialect;
    private final Property.Generator<SecretTraffic.Secret> secrets;

    DecoderProperties(
            Supplier<ProtocolDecoder> decoders, Dialect dialect, Property.Generator<SecretTraffic.Secret> secrets) {
        this.decoders = decoders;
        this.dialect = dialect;
        this.secrets = secrets;
    }

    /** How many tries ran and how many of them the decoder recognized. */
    record Coverage(long tries, long recognized) {
        static Coverage reported(long tries, long recognized) {
            System.out.printf(
                    "fuzz:   %,d of them recognized (%.1f%%), so decoded twice%n",
                    recognized, 100.0 * recognized / tries);
            return new Coverage(tries, recognized);
        }

        /** Whether at least {@code share} of the tries were recognized; a replay of one try proves nothing. */
        boolean recognizedAtLeast(double share) {
            return tries < 1_000 || recognized >= share * tries;
        }
    }

    /** Random bytes and token soups in both directions. */
    Coverage randomInput(int count, long seed) {
        return exchanges("random bytes and token soups", count, seed, this::randomOrTokens, this::randomOrTokens);
    }

    /** Mutated valid requests and responses. */
    Coverage mutatedExchanges(int count, long seed) {
        return exchanges(
                "mutated valid exchanges",
                count,
                seed,
                random -> random.nextInt(8) == 0
                        ? pick(random, dialect.requests().toArray(byte[][]::new))
                        : Mutations.mutated(random, dialect, dialect.requests()),
                random -> random.nextBoolean()
                        ? pick(random, dialect.responses().toArray(byte[][]::new))
                        : Mutations.mutated(random, dialect, dialect.responses()));
    }

    /** A request and a response from the two generators, each cut anywhere, through the decoder's contract. */
    private Coverage exchanges(
            String name,
            int count,
            long seed,
            Function<SplittableRandom, byte[]> requests,
            Function<SplittableRandom, byte[]> responses) {
        ProtocolDecoder decoder = decoders.get();
        long[] recognized = {0};
        int tries = Property.forAll(decoder.name() + ": " + name, random -> {
                    byte[] request = requests.apply(random);
                    byte[] response = responses.apply(random);
                    return Traffic.cut(
                            request,
                            Mutations.cut(random, request.length),
                            response,
                            Mutations.cut(random, response.length),
                            random.nextInt(16) != 0);
                })
                .tries(count)
                .seed(seed)
                .shrinkingWith(Traffic::smaller)
                .check(traffic -> {
                    if (DecoderContract.verify(decoder, traffic) != null) {
                        recognized[0]++;
                    }
                });
        return Coverage.reported(tries, recognized[0]);
    }

    /** Secret-carrying exchanges with a mutated tail, cut anywhere. */
    Coverage secretsWithMutatedTails(int count, long seed) {
        ProtocolDecoder decoder = decoders.get();
        long[] recognized = {0};
        int tries = Property.forAll(decoder.name() + ": secrets followed by mutated tails", this::withMutatedTail)
                .tries(count)
                .seed(seed)
                .describedBy(c -> "secret " + PayloadText.render(Wire.latin1(c.secret())) + " in " + c.traffic())
                .shrinkingWith(SecretCase::smaller)
                .check(c -> {
                    DecodedExchange decoded = DecoderContract.verify(decoder, c.traffic());
                    if (decoded == null) {
                        return;
                    }
                    recognized[0]++;
                    requireNoLeak(decoded, c.secret());
                });
        return Coverage.reported(tries, recognized[0]);
    }

    /** Traffic whose request carries {@code secret} in its bytes before {@code tail}. */
    record SecretCase(Traffic traffic, String secret, int tail) {
        /** Shorter tails and responses; the secret and the message around it are kept, or the case proves nothing. */
        java.util.Iterator<SecretCase> smaller() {
            byte[] request = traffic.request();
            java.util.List<SecretCase> simpler = new java.util.ArrayList<>();
            if (traffic.response().length > 0) {
                simpler.add(new SecretCase(
                        new Traffic(request, traffic.requestTotal(), new byte[0], 0, true), secret, tail));
            }
            if (request.length > tail) {
                java.util.Iterator<byte[]> tails =
                        ByteShrinking.removals(java.util.Arrays.copyOfRange(request, tail, request.length));
                tails.forEachRemaining(shorter -> simpler.add(new SecretCase(
                        new Traffic(
                                Wire.concat(java.util.Arrays.copyOf(request, tail), shorter),
                                traffic.requestTotal() - (request.length - tail - shorter.length),
                                traffic.response(),
                                traffic.responseTotal(),
                                true),
                        secret,
                        tail)));
            }
            return simpler.iterator();
        }
    }

    private SecretCase withMutatedTail(SplittableRandom random) {
        SecretTraffic.Secret secret = secrets.next(random);
        byte[] request = secret.request();
        int tail = tailStart(request, secret.secret());
        byte[] mutated = random.nextBoolean()
                ? Mutations.mutatedTail(random, dialect, Wire.concat(request, junk(random)), tail)
                : Mutations.mutatedTail(random, dialect, request, tail);
        int cut = random.nextInt(4) == 0 ? mutated.length : Mutations.cut(random, mutated.length);
        return new SecretCase(
                Traffic.cut(mutated, cut, secret.response(), secret.response().length, true), secret.secret(), tail);
    }

    private byte[] randomOrTokens(SplittableRandom random) {
        return random.nextBoolean() ? Mutations.randomBytes(random) : Mutations.tokenSoup(random, dialect);
    }

    private byte[] junk(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> Mutations.randomBytes(random);
            case 1 -> Mutations.tokenSoup(random, dialect);
            default -> Mutations.mutated(random, dialect, dialect.requests());
        };
    }

    /**
     * Where the last message holding the secret ends: its line for the text protocols, its length for PostgreSQL.
     * Mutating an earlier copy could legitimately move part of it out of the credential's place.
     */
    private int tailStart(byte[] request, String secret) {
        int at = lastIndexOf(request, Wire.latin1(secret));
        if (at < 0) {
            return request.length;
        }
        if (!dialect.binaryLengths()) {
            for (int i = at + secret.length(); i < request.length; i++) {
                if (request[i] == '\n') {
                    return i + 1;
                }
            }
            return request.length;
        }
        int message = 0;
        while (message + 5 <= request.length) {
            boolean untyped = request[message] == 0;
            int lengthAt = untyped ? message : message + 1;
            int length = (request[lengthAt] & 0xff) << 24
                    | (request[lengthAt + 1] & 0xff) << 16
                    | (request[lengthAt + 2] & 0xff) << 8
                    | (request[lengthAt + 3] & 0xff);
            int end = lengthAt + length;
            if (length < 4 || end > request.length) {
                return request.length;
            }
            if (end > at) {
                return end;
            }
            message = end;
        }
        return request.length;
    }

    static void requireNoLeak(DecodedExchange decoded, String secret) {
        SecretPieces raw = new SecretPieces(secret);
        SecretPieces rendered = new SecretPieces(PayloadText.render(Wire.latin1(secret)));
        boolean[] leaked = {
            raw.in(decoded.requestPreview())
                    || raw.in(decoded.responsePreview())
                    || raw.in(decoded.spanName())
                    || rendered.in(decoded.spanName())
        };
        decoded.attributes().forEach((key, value) -> {
            String text = String.valueOf(value);
            leaked[0] |= raw.in(text) || rendered.in(text);
        });
        if (leaked[0]) {
            throw new AssertionError("the secret survived: " + Render.of(decoded));
        }
    }

    private static int lastIndexOf(byte[] bytes, byte[] wanted) {
        outer:
        for (int i = bytes.length - wanted.length; i >= 0; i--) {
            for (int k = 0; k < wanted.length; k++) {
                if (bytes[i + k] != wanted[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] pick(SplittableRandom random, byte[][] choices) {
        return choices[random.nextInt(choices.length)];
    }

    static <A, B> java.util.Iterator<B> mapped(java.util.Iterator<A> items, java.util.function.Function<A, B> f) {
        return new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return items.hasNext();
            }

            @Override
            public B next() {
                return f.apply(items.next());
            }
        };
    }
}
