package dev.udsotel.core.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextSecretsTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String redacted(String input) {
        return text(TextSecrets.redact(bytes(input)).bytes());
    }

    @Test
    void replacesTheValuesOfCredentialHeadersWhateverTheirCase() {
        assertEquals(
                "Authorization: [REDACTED]\r\nproxy-authorization: [REDACTED]\r\nCOOKIE: [REDACTED]\r\n"
                        + "Set-Cookie: [REDACTED]\r\nAccept: */*\r\n",
                redacted("Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l\r\nproxy-authorization: Digest x\r\n"
                        + "COOKIE: a=b; c=d\r\nSet-Cookie: id=1; HttpOnly\r\nAccept: */*\r\n"));
    }

    @Test
    void replacesHeadersWhoseNamesContainACredentialWord() {
        assertEquals(
                "X-Api-Key: [REDACTED]\r\nX-Auth-Token: [REDACTED]\r\nX-Session-Id: [REDACTED]\r\n"
                        + "X-Amz-Signature: [REDACTED]\r\nX-Client-Secret: [REDACTED]\r\nX-Request-Id: 42\r\n",
                redacted("X-Api-Key: k1\r\nX-Auth-Token: t1\r\nX-Session-Id: s1\r\nX-Amz-Signature: g1\r\n"
                        + "X-Client-Secret: c1\r\nX-Request-Id: 42\r\n"));
    }

    @Test
    void replacesDockerRegistryCredentials() {
        assertEquals(
                "POST /images/create?fromImage=alpine HTTP/1.1\r\nX-Registry-Auth: [REDACTED]\r\n"
                        + "x-registry-config: [REDACTED]\r\n\r\n",
                redacted(
                        "POST /images/create?fromImage=alpine HTTP/1.1\r\nX-Registry-Auth: eyJ1c2VybmFtZSI6ImEiLCJwYXNz"
                                + "d29yZCI6ImIifQ==\r\nx-registry-config: eyJodHRwczovL2luZGV4LmRvY2tlci5pbyI6e319\r\n\r\n"));
    }

    @Test
    void replacesCredentialQueryParametersAndKeepsTheOthers() {
        assertEquals(
                "GET /v1/items?api_key=[REDACTED]&page=2&access_token=[REDACTED] HTTP/1.1\r\n",
                redacted("GET /v1/items?api_key=k3y&page=2&access_token=t0k HTTP/1.1\r\n"));
        assertEquals("a=1&apiKey=[REDACTED]", TextSecrets.redact("a=1&apiKey=zz"));
    }

    @Test
    void replacesUserinfoInUrls() {
        assertEquals("GET http://[REDACTED]@example/ HTTP/1.1", redacted("GET http://bob:hunter2@example/ HTTP/1.1"));
        assertEquals("see https://example/a@b", redacted("see https://example/a@b"));
    }

    @Test
    void replacesFormFieldsAndJsonMembers() {
        assertEquals("user=bob&password=[REDACTED]&remember=1", redacted("user=bob&password=pw1&remember=1"));
        assertEquals(
                "{\"user\":\"bob\",\"password\":\"[REDACTED]\",\"token\": [REDACTED],\"n\":1}",
                redacted("{\"user\":\"bob\",\"password\":\"p\\\"w\",\"token\": 12345,\"n\":1}"));
    }

    @Test
    void scrubsKeyValuePairsInUnknownText() {
        assertEquals(
                "login user=alice secret=[REDACTED] mode=fast\npwd: [REDACTED]\n",
                redacted("login user=alice secret=s3 mode=fast\npwd: hunter2\n"));
    }

    @Test
    void replacesAValueCutByTheEndOfThePrefix() {
        assertEquals("Host: x\r\nAuthorization: [REDACTED]", redacted("Host: x\r\nAuthorization: Bearer abc"));
        assertEquals("Cookie:[REDACTED]", redacted("Cookie:s"));
    }

    @Test
    void leavesANameWithoutValueAlone() {
        assertFalse(TextSecrets.redact(bytes("Authorization: \r\nCookie")).changed());
    }

    @Test
    void dropsFoldedContinuationLinesOfARedactedValue() {
        assertEquals(
                "Authorization: [REDACTED]\r\nAccept: */*\r\n",
                redacted("Authorization: Basic\r\n  YWxhZGRpbjpvcGVu\r\n\tc2VzYW1l\r\nAccept: */*\r\n"));
    }

    @Test
    void findsCredentialsAnywhereInTheBytes() {
        assertEquals(
                "\u0000\u0001binary Authorization : [REDACTED]\nmore",
                redacted("\u0000\u0001binary Authorization : token-123\nmore"));
    }

    @Test
    void changesNothingTheSecondTime() {
        String once =
                redacted("Cookie: a=b\r\nAuthorization: x\r\n y\r\n?token=1&b=2 {\"secret\":\"s\"} http://u:p@h/");
        Redacted twice = TextSecrets.redact(bytes(once));
        assertFalse(twice.changed(), once);
        assertEquals(once, text(twice.bytes()));
    }

    @Test
    void returnsTheSameArrayWhenThereIsNothingToRemove() {
        byte[] input = bytes("GET /?page=1 HTTP/1.1\r\nAccept: */*\r\nX-Authorization-Mode none\r\n\r\n");
        Redacted result = TextSecrets.redact(input);
        assertFalse(result.changed());
        assertSame(input, result.bytes());
    }

    @Test
    void findsAValueSplitOverTwoMessagesOfAStream() {
        byte[] first = bytes("GET / HTTP/1.1\r\nAuthori");
        byte[] second = bytes("zation: Bearer abc\r\nHost: h\r\n");
        byte[] joined = bytes("GET / HTTP/1.1\r\nAuthorization: Bearer abc\r\nHost: h\r\n");
        SecretRanges ranges = new SecretRanges();
        assertEquals(TextSecrets.Open.NONE, TextSecrets.scan(first, 0, first.length, ranges));
        assertTrue(ranges.isEmpty());
        TextSecrets.scan(joined, 0, first.length, joined.length, ranges);
        ranges.fill(joined);
        assertEquals("GET / HTTP/1.1\r\nAuthorization: **********\r\nHost: h\r\n", text(joined));
    }

    @Test
    void continuesAValueThatRunsPastTheEndOfAMessage() {
        byte[] first = bytes("Cookie: a=1; b=");
        SecretRanges ranges = new SecretRanges();
        assertEquals(TextSecrets.Open.LINE, TextSecrets.scan(first, 0, first.length, ranges));
        byte[] second = bytes("2; c=3\r\nAccept: */*\r\n");
        SecretRanges next = new SecretRanges();
        int end = TextSecrets.resume(TextSecrets.Open.LINE, second, 0, second.length, next);
        next.fill(second);
        assertEquals(6, end);
        assertEquals("******\r\nAccept: */*\r\n", text(second));
    }
}
