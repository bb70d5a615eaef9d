package dev.udsotel.core.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CredentialNamesTest {
    @Test
    void takesTheNamesTheRuleDocuments() {
        for (String name : new String[] {
            "Authorization",
            "proxy-authorization",
            "Cookie",
            "set-cookie",
            "X-Api-Key",
            "apikey",
            "api_key",
            "X-Auth-Token",
            "access_token",
            "client_secret",
            "password",
            "passwd",
            "PGPASSWORD",
            "pwd",
            "session_id",
            "X-Credential",
            "X-Amz-Signature",
            "sig",
            "x-registry-config"
        }) {
            assertTrue(CredentialNames.isCredential(name), name);
        }
    }

    @Test
    void leavesOrdinaryNamesAlone() {
        for (String name : new String[] {
            "Host",
            "Accept",
            "Content-Type",
            "User-Agent",
            "page",
            "user",
            "id",
            "X-Request-Id",
            "Keep-Alive",
            "Content-Length",
            "passport",
            ":authority",
            "authority"
        }) {
            assertFalse(CredentialNames.isCredential(name), name);
        }
    }

    @Test
    void bytesWithinALargerPayloadAnswerAsTheNameDoes() {
        Random random = new Random(11);
        String alphabet = "aAuthTokenCookieSecretPasswordSigPwKey-_:é0x";
        for (int k = 0; k < 20_000; k++) {
            StringBuilder name = new StringBuilder();
            int length = random.nextInt(20);
            for (int i = 0; i < length; i++) {
                name.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            byte[] latin1 = name.toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] payload = new byte[latin1.length + 6];
            System.arraycopy(latin1, 0, payload, 3, latin1.length);
            assertEquals(
                    CredentialNames.isCredential(name),
                    CredentialNames.isCredential(payload, 3, 3 + latin1.length),
                    name.toString());
        }
        for (String name : new String[] {"authority", ":authority", "pass", "pw", "sig", "signature", "passenger"}) {
            byte[] b = name.getBytes(StandardCharsets.US_ASCII);
            assertEquals(CredentialNames.isCredential(name), CredentialNames.isCredential(b, 0, b.length), name);
        }
    }
}
