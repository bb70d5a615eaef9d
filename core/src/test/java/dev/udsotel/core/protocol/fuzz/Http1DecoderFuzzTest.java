package dev.udsotel.core.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.protocol.http.Http1Decoder;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/1.x decoder against a million generated exchanges: random bytes, mutated requests and responses (cut
 * request lines, inserted line breaks, extreme Content-Length and chunk sizes, folded headers) and credential headers
 * followed by mutated tails.
 * Inputs: 300,000 random + 650,000 mutated + 50,000 secret-carrying = 1,000,000, each given to {@code recognizes}
 * and, when recognized, to {@code decode} twice.
 */
class Http1DecoderFuzzTest {
    private static final DecoderProperties PROPERTIES =
            new DecoderProperties(Http1Decoder::new, Dialect.HTTP, SecretTraffic::http);

    @Test
    void keepsItsContractOnRandomBytes() {
        PROPERTIES.randomInput(300_000, 0x4771_0000_01L);
    }

    @Test
    void keepsItsContractOnMutatedValidExchanges() {
        DecoderProperties.Coverage coverage = PROPERTIES.mutatedExchanges(650_000, 0x4771_0000_02L);
        assertTrue(coverage.recognizedAtLeast(0.25), "mutations that still look like the protocol: " + coverage);
    }

    @Test
    void neverLetsASecretThroughWhateverFollowsIt() {
        DecoderProperties.Coverage coverage = PROPERTIES.secretsWithMutatedTails(50_000, 0x4771_0000_03L);
        assertTrue(coverage.recognizedAtLeast(0.5), "secret-carrying exchanges recognized: " + coverage);
    }
}
