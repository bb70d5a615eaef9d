package dev.udsotel.core.protocol;

import static dev.udsotel.core.protocol.Exchanges.bytes;
import static dev.udsotel.core.protocol.Exchanges.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CredentialHeaderRedactorTest {

    private static String redacted(String input) {
        return text(CredentialHeaderRedactor.redact(bytes(input)).bytes());
    }

    @Test
    void replacesTheValuesOfAllFourCredentialHeadersWhateverTheirCase() {
        assertEquals("Authorization: [REDACTED]\r\nproxy-authorization: [REDACTED]\r\nCOOKIE: [REDACTED]\r\n"
                        + "Set-Cookie: [REDACTED]\r\nAccept: */*\r\n",
                redacted("Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l\r\nproxy-authorization: Digest x\r\n"
                        + "COOKIE: a=b; c=d\r\nSet-Cookie: id=1; HttpOnly\r\nAccept: */*\r\n"));
    }

    @Test
    void replacesDockerRegistryCredentials() {
        assertEquals("POST /images/create?fromImage=alpine HTTP/1.1\r\nX-Registry-Auth: [REDACTED]\r\n"
                        + "x-registry-config: [REDACTED]\r\n\r\n",
                redacted("POST /images/create?fromImage=alpine HTTP/1.1\r\nX-Registry-Auth: eyJ1c2VybmFtZSI6ImEiLCJwYXNz"
                        + "d29yZCI6ImIifQ==\r\nx-registry-config: eyJodHRwczovL2luZGV4LmRvY2tlci5pbyI6e319\r\n\r\n"));
    }

    @Test
    void replacesANameThatEndsInAuthorizationAfterARegistryPrefix() {
        assertEquals("X-Registry-Authorization: [REDACTED]\r\n",
                redacted("X-Registry-Authorization: Bearer s3cret\r\n"));
    }

    @Test
    void replacesAValueCutByTheEndOfThePrefix() {
        assertEquals("Host: x\r\nAuthorization: [REDACTED]", redacted("Host: x\r\nAuthorization: Bearer abc"));
        assertEquals("Cookie:[REDACTED]", redacted("Cookie:s"));
    }

    @Test
    void leavesANameWithoutValueAlone() {
        Redacted result = CredentialHeaderRedactor.redact(bytes("Authorization: \r\nCookie"));
        assertFalse(result.changed());
    }

    @Test
    void dropsFoldedContinuationLinesOfARedactedValue() {
        assertEquals("Authorization: [REDACTED]\r\nAccept: */*\r\n",
                redacted("Authorization: Basic\r\n  YWxhZGRpbjpvcGVu\r\n\tc2VzYW1l\r\nAccept: */*\r\n"));
    }

    @Test
    void findsCredentialHeadersAnywhereInTheBytes() {
        assertEquals("\u0000\u0001binary Authorization : [REDACTED]\nmore",
                redacted("\u0000\u0001binary Authorization : token-123\nmore"));
    }

    @Test
    void changesNothingTheSecondTime() {
        String once = redacted("Cookie: a=b\r\nAuthorization: x\r\n y\r\n");
        Redacted twice = CredentialHeaderRedactor.redact(bytes(once));
        assertFalse(twice.changed());
        assertEquals(once, text(twice.bytes()));
    }

    @Test
    void returnsTheSameArrayWhenThereIsNothingToRemove() {
        byte[] input = bytes("GET / HTTP/1.1\r\nAccept: */*\r\nX-Authorization-Mode none\r\n\r\n");
        Redacted result = CredentialHeaderRedactor.redact(input);
        assertFalse(result.changed());
        assertSame(input, result.bytes());
    }

    @Test
    void marksARedactedPreviewAsChanged() {
        assertTrue(CredentialHeaderRedactor.redact(bytes("cookie: 1")).changed());
    }

    @Test
    void skipsOnlyPreviewsTheFullScanWouldLeaveAsTheyAre() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(20261129);
        String[] names = {"Authorization", "proxy-authorization", "AUTHORIZATIO", "uthorization", "Cookie", "set-COOKIE",
                "cooki", "X-Registry-Auth", "x-registry-config", "x-registry-con", "Host", "Accept", ""};
        String[] between = {"", " ", "\t", "  \t ", "x", "\r\n"};
        String[] values = {"Basic YWxh", "", " ", "[REDACTED]", "a=b\r\n folded", "x\r\n\tmore", "\r\n"};
        int skipped = 0;
        for (int round = 0; round < 50_000; round++) {
            StringBuilder text = new StringBuilder();
            int headers = random.nextInt(5);
            for (int h = 0; h < headers; h++) {
                if (random.nextInt(4) == 0) {
                    text.append((char) random.nextInt(256));
                }
                text.append(names[random.nextInt(names.length)]).append(between[random.nextInt(between.length)]);
                text.append(random.nextInt(5) == 0 ? "" : ":").append(between[random.nextInt(between.length)]);
                text.append(values[random.nextInt(values.length)]).append(random.nextBoolean() ? "\r\n" : "");
            }
            byte[] bytes = bytes(text.toString());
            if (random.nextInt(8) == 0 && bytes.length > 0) {
                bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            Redacted fast = CredentialHeaderRedactor.redact(bytes);
            Redacted full = CredentialHeaderRedactor.scan(bytes);
            assertEquals(text(full.bytes()), text(fast.bytes()), text(bytes));
            assertEquals(full.changed(), fast.changed(), text(bytes));
            if (!CredentialHeaderRedactor.mayHoldCredentialHeader(bytes)) {
                skipped++;
            }
        }
        assertTrue(skipped > 1000, "the inputs should also exercise the skip: " + skipped);
    }
}
