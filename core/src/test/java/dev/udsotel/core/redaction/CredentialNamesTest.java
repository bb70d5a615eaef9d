package dev.udsotel.core.redaction;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
