package dev.udsotel.core.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.protocol.postgres.PostgresDecoder;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL decoder against a million generated exchanges: random bytes, mutated frontend and backend messages
 * (extreme, negative and off-by-one Int32 lengths and Int16 counts, partial start-up and password messages, wrong type
 * bytes) and password, SASL, start-up and PASSWORD-literal secrets followed by mutated tails.
 * Inputs: 300,000 random + 500,000 mutated + 200,000 secret-carrying = 1,000,000, each given to {@code recognizes}
 * and, when recognized, to {@code decode} twice.
 */
class PostgresDecoderFuzzTest {
    private static final DecoderProperties PROPERTIES = new DecoderProperties(PostgresDecoder::new, Dialect.POSTGRES,
            random -> PostgresSecrets.withSecret(random, SecretTraffic.secret(random)));

    @Test
    void keepsItsContractOnRandomBytes() {
        PROPERTIES.randomInput(300_000, 0x9057_9000_01L);
    }

    @Test
    void keepsItsContractOnMutatedValidExchanges() {
        long recognized = PROPERTIES.mutatedExchanges(500_000, 0x9057_9000_02L);
        assertTrue(recognized > 500_000 / 4, "mutations that still look like the protocol: " + recognized);
    }

    @Test
    void neverLetsASecretThroughWhateverFollowsIt() {
        long recognized = PROPERTIES.secretsWithMutatedTails(200_000, 0x9057_9000_03L);
        assertTrue(recognized > 200_000 / 2, "secret-carrying exchanges recognized: " + recognized);
    }
}
