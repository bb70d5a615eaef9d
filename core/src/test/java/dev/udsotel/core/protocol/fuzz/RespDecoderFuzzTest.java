package dev.udsotel.core.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.protocol.redis.RespDecoder;
import org.junit.jupiter.api.Test;

/**
 * The Redis RESP decoder against a million generated exchanges: random bytes, mutated commands and replies (extreme,
 * negative and overflowing lengths and counts, RESP arrays nested up to ten thousand deep, wrong types, inline
 * commands with broken quotes) and AUTH, HELLO, MIGRATE, CONFIG SET and ACL SETUSER passwords followed by mutated
 * tails.
 * Inputs: 300,000 random + 650,000 mutated + 50,000 secret-carrying = 1,000,000, each given to {@code recognizes}
 * and, when recognized, to {@code decode} twice.
 */
class RespDecoderFuzzTest {
    private static final DecoderProperties PROPERTIES =
            new DecoderProperties(RespDecoder::new, Dialect.REDIS, SecretTraffic::redis);

    @Test
    void keepsItsContractOnRandomBytes() {
        PROPERTIES.randomInput(300_000, 0x4ed1_5000_01L);
    }

    @Test
    void keepsItsContractOnMutatedValidExchanges() {
        DecoderProperties.Coverage coverage = PROPERTIES.mutatedExchanges(650_000, 0x4ed1_5000_02L);
        assertTrue(coverage.recognizedAtLeast(0.25), "mutations that still look like the protocol: " + coverage);
    }

    @Test
    void neverLetsASecretThroughWhateverFollowsIt() {
        DecoderProperties.Coverage coverage = PROPERTIES.secretsWithMutatedTails(50_000, 0x4ed1_5000_03L);
        assertTrue(coverage.recognizedAtLeast(0.5), "secret-carrying exchanges recognized: " + coverage);
    }
}
