package dev.udsotel.core.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.protocol.postgres.PostgresDecoder;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL decoder against a million generated exchanges: random bytes, mutated frontend and backend messages
 * (extreme, negative and off-by-one Int32 lengths and Int16 counts, partial start-up and password messages, wrong type
 * bytes) and password, SASL, start-up and PASSWORD-literal secrets followed by mutated tails.
 * Inputs: 300,000 random + 650,000 mutated + 50,000 secret-carrying = 1,000,000, each given to {@code recognizes}
 * and, when recognized, to {@code decode} twice.
 */
class PostgresDecoderFuzzTest {
    private static final DecoderProperties PROPERTIES = new DecoderProperties(
            PostgresDecoder::new,
            Dialect.POSTGRES,
            random -> PostgresSecrets.withSecret(random, SecretTraffic.secret(random)));

    @Test
    void keepsItsContractOnRandomBytes() {
        PROPERTIES.randomInput(300_000, 0x9057_9000_01L);
    }

    @Test
    void keepsItsContractOnMutatedValidExchanges() {
        DecoderProperties.Coverage coverage = PROPERTIES.mutatedExchanges(650_000, 0x9057_9000_02L);
        assertTrue(coverage.recognizedAtLeast(0.25), "mutations that still look like the protocol: " + coverage);
    }

    @Test
    void neverLetsASecretThroughWhateverFollowsIt() {
        DecoderProperties.Coverage coverage = PROPERTIES.secretsWithMutatedTails(50_000, 0x9057_9000_03L);
        assertTrue(coverage.recognizedAtLeast(0.5), "secret-carrying exchanges recognized: " + coverage);
    }
}
