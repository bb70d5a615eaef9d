package dev.udsotel.core.protocol.postgres;

import static dev.udsotel.core.protocol.Exchanges.bytes;
import static dev.udsotel.core.protocol.Exchanges.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.protocol.Exchanges;
import dev.udsotel.core.protocol.Leaks;
import dev.udsotel.core.protocol.ProtocolAttributes;
import dev.udsotel.core.protocol.postgres.CapturedTraffic.Capture;
import dev.udsotel.core.redaction.Redaction;
import org.junit.jupiter.api.Test;

/** Decodes what psql and pgbench really sent PostgreSQL 15, captured in {@link CapturedTraffic}. */
class PostgresDecoderTest {
    private final PostgresDecoder decoder = new PostgresDecoder();

    private DecodedExchange decode(Capture capture) {
        return decoder.decode(Exchanges.of(capture.request(), capture.response()), Redaction.DEFAULT);
    }

    @Test
    void namesTheStartupPacketAndRecordsDatabaseUserAndTheAuthenticationAskedFor() {
        DecodedExchange decoded = decode(CapturedTraffic.CLEARTEXT_STARTUP);

        assertEquals("STARTUP", decoded.spanName());
        assertEquals("postgresql", decoded.attributes().get(PostgresDecoder.SYSTEM));
        assertEquals("shop", decoded.attributes().get(PostgresDecoder.NAMESPACE));
        assertEquals("clear_user", decoded.attributes().get(PostgresDecoder.USER));
        assertEquals("psql", decoded.attributes().get(PostgresDecoder.APPLICATION));
        assertEquals("cleartext_password", decoded.attributes().get(PostgresDecoder.AUTHENTICATION));
        assertNull(decoded.attributes().get(ProtocolAttributes.REDACTED));
        assertFalse(decoded.error());
        assertArrayEquals(CapturedTraffic.CLEARTEXT_STARTUP.request(), decoded.requestPreview());
        assertEquals(
                "md5_password", decode(CapturedTraffic.MD5_STARTUP).attributes().get(PostgresDecoder.AUTHENTICATION));
        assertEquals("sasl", decode(CapturedTraffic.SCRAM_STARTUP).attributes().get(PostgresDecoder.AUTHENTICATION));
    }

    @Test
    void replacesACleartextPasswordAndItsLength() {
        DecodedExchange decoded = decode(CapturedTraffic.CLEARTEXT_PASSWORD);

        assertEquals("AUTH", decoded.spanName());
        assertEquals("p\u0000\u0000\u0000\u000e[REDACTED]", text(decoded.requestPreview()));
        assertEquals(true, decoded.attributes().get(ProtocolAttributes.REDACTED));
        assertEquals("ok", decoded.attributes().get(PostgresDecoder.AUTHENTICATION));
        assertArrayEquals(CapturedTraffic.CLEARTEXT_PASSWORD.response(), decoded.responsePreview());
        Leaks.assertNoLeak(decoded, CapturedTraffic.CLEARTEXT_SECRET, "cleartext password");
    }

    @Test
    void replacesAnMd5PasswordHash() {
        DecodedExchange decoded = decode(CapturedTraffic.MD5_PASSWORD);

        assertEquals("AUTH", decoded.spanName());
        assertEquals("p\u0000\u0000\u0000\u000e[REDACTED]", text(decoded.requestPreview()));
        Leaks.assertNoLeak(decoded, hashIn(CapturedTraffic.MD5_PASSWORD), "md5 hash");
    }

    @Test
    void replacesScramMessagesAndTheServerSignatureButKeepsTheRestOfTheResponse() {
        DecodedExchange first = decode(CapturedTraffic.SCRAM_FIRST);
        DecodedExchange last = decode(CapturedTraffic.SCRAM_FINAL);

        assertEquals("AUTH", first.spanName());
        assertEquals("p\u0000\u0000\u0000\u000e[REDACTED]", text(first.requestPreview()));
        assertEquals("sasl_continue", first.attributes().get(PostgresDecoder.AUTHENTICATION));
        assertArrayEquals(CapturedTraffic.SCRAM_FIRST.response(), first.responsePreview(), "the salt is public");
        assertEquals("p\u0000\u0000\u0000\u000e[REDACTED]", text(last.requestPreview()));
        String response = text(last.responsePreview());
        assertTrue(response.startsWith("R\u0000\u0000\u0000\u0012\u0000\u0000\u0000\u000c[REDACTED]R"), response);
        assertTrue(response.contains("session_authorization\u0000scram_user"), response);
        assertEquals("sasl_final", last.attributes().get(PostgresDecoder.AUTHENTICATION));
        assertEquals(true, last.attributes().get(ProtocolAttributes.REDACTED));
        Leaks.assertNoLeak(last, proofIn(CapturedTraffic.SCRAM_FINAL), "client proof");
        Leaks.assertNoLeak(last, signatureIn(CapturedTraffic.SCRAM_FINAL), "server signature");
    }

    @Test
    void stillHidesTheServerSignatureWhenTheRequestIsMissingOrTooShortToRead() {
        Capture capture = CapturedTraffic.SCRAM_FINAL;
        for (int requestCut : new int[] {0, 3}) {
            var exchange = Exchanges.cut(capture.request(), requestCut, capture.response(), capture.response().length);
            assertTrue(decoder.recognizes(exchange));
            DecodedExchange decoded = decoder.decode(exchange, Redaction.DEFAULT);

            assertEquals("AUTH", decoded.spanName());
            assertEquals("sasl_final", decoded.attributes().get(PostgresDecoder.AUTHENTICATION));
            assertEquals(true, decoded.attributes().get(ProtocolAttributes.REDACTED));
            Leaks.assertNoLeak(decoded, signatureIn(capture), "request cut at " + requestCut);
        }
        assertFalse(decoder.recognizes(Exchanges.of(new byte[0], capture.request())));
    }

    @Test
    void reportsAFailedLoginWithItsSqlState() {
        DecodedExchange decoded = decode(CapturedTraffic.SCRAM_FINAL_WRONG_PASSWORD);

        assertEquals("AUTH", decoded.spanName());
        assertTrue(decoded.error());
        assertEquals("28P01", decoded.attributes().get(ProtocolAttributes.ERROR_TYPE));
        assertEquals("28P01", decoded.attributes().get(PostgresDecoder.STATUS_CODE));
    }

    @Test
    void namesASimpleQueryAfterItsOperationAndTableAndRecordsItWithoutLiterals() {
        DecodedExchange decoded = decode(CapturedTraffic.SIMPLE_SELECT);

        assertEquals("SELECT users", decoded.spanName());
        assertEquals("SELECT", decoded.attributes().get(PostgresDecoder.OPERATION));
        assertEquals("users", decoded.attributes().get(PostgresDecoder.COLLECTION));
        assertEquals("SELECT users", decoded.attributes().get(PostgresDecoder.SUMMARY));
        assertEquals(
                "SELECT id, name FROM users WHERE email = ? AND id > ?",
                decoded.attributes().get(PostgresDecoder.QUERY_TEXT));
        assertEquals(1L, decoded.attributes().get(PostgresDecoder.RETURNED_ROWS));
        assertFalse(decoded.error());
        String preview = text(decoded.requestPreview());
        assertTrue(preview.contains("WHERE email = [REDACTED] AND id > [REDACTED]"), preview);
        assertTrue(
                text(decoded.responsePreview()).contains("D\u0000\u0000\u0000\u0010\u0000\u0002[REDACTED]"),
                "the returned row is withheld: " + text(decoded.responsePreview()));
    }

    @Test
    void namesInsertsAndUpdatesAfterTheirTable() {
        DecodedExchange insert = decode(CapturedTraffic.INSERT_RETURNING);
        DecodedExchange update = decode(CapturedTraffic.UPDATE_NO_ROWS);

        assertEquals("INSERT users", insert.spanName());
        assertEquals(
                "INSERT INTO users(name, email) VALUES (?, ?) RETURNING id",
                insert.attributes().get(PostgresDecoder.QUERY_TEXT));
        assertEquals("UPDATE users", update.spanName());
        assertEquals(
                "UPDATE users SET email = ? WHERE id = ?", update.attributes().get(PostgresDecoder.QUERY_TEXT));
        assertNull(update.attributes().get(PostgresDecoder.RETURNED_ROWS), "UPDATE 0 returns no rows");
    }

    @Test
    void reportsAFailedQueryWithItsSqlState() {
        DecodedExchange decoded = decode(CapturedTraffic.MISSING_TABLE);

        assertEquals("SELECT missing_table", decoded.spanName());
        assertTrue(decoded.error());
        assertEquals("42P01", decoded.attributes().get(ProtocolAttributes.ERROR_TYPE));
        assertEquals("42P01", decoded.attributes().get(PostgresDecoder.STATUS_CODE));
    }

    @Test
    void replacesThePasswordOfAlterRoleAndFixesTheMessageLength() {
        DecodedExchange decoded = decode(CapturedTraffic.ALTER_ROLE_PASSWORD);

        assertEquals("ALTER", decoded.spanName());
        assertEquals(
                "ALTER ROLE clear_user WITH PASSWORD ?", decoded.attributes().get(PostgresDecoder.QUERY_TEXT));
        assertEquals(
                "Q\u0000\u0000\u0000\u0033ALTER ROLE clear_user WITH PASSWORD [REDACTED]\u0000",
                text(decoded.requestPreview()));
        assertEquals(true, decoded.attributes().get(ProtocolAttributes.REDACTED));
        Leaks.assertNoLeak(decoded, CapturedTraffic.CLEARTEXT_SECRET, "ALTER ROLE");
    }

    @Test
    void namesAnExtendedQueryAfterItsParsedStatement() {
        DecodedExchange unnamed = decode(CapturedTraffic.EXTENDED_SELECT);
        DecodedExchange prepare = decode(CapturedTraffic.PREPARE_NAMED);
        DecodedExchange execute = decode(CapturedTraffic.EXECUTE_NAMED);

        assertEquals("SELECT users", unnamed.spanName());
        assertEquals(
                "SELECT name FROM users WHERE id = $1;", unnamed.attributes().get(PostgresDecoder.QUERY_TEXT));
        assertEquals(1L, unnamed.attributes().get(PostgresDecoder.RETURNED_ROWS));
        assertEquals("SELECT users", prepare.spanName());
        assertEquals("EXECUTE", execute.spanName());
        assertEquals(1L, execute.attributes().get(PostgresDecoder.RETURNED_ROWS));
        assertNull(execute.attributes().get(PostgresDecoder.QUERY_TEXT));
    }

    @Test
    void namesProtocolStepsWithoutSql() {
        assertEquals("CANCEL", decode(CapturedTraffic.CANCEL).spanName());
        assertEquals("TERMINATE", decode(CapturedTraffic.TERMINATE).spanName());
        DecodedExchange ssl = decoder.decode(
                Exchanges.of(bytes("\u0000\u0000\u0000\u0008\u0004\u00d2\u0016\u002f"), bytes("N")), Redaction.DEFAULT);
        assertEquals("SSL", ssl.spanName());
        assertEquals(false, ssl.attributes().get(PostgresDecoder.ENCRYPTION_ACCEPTED));
        DecodedExchange gss = decoder.decode(
                Exchanges.of(bytes("\u0000\u0000\u0000\u0008\u0004\u00d2\u0016\u0030"), bytes("G")), Redaction.DEFAULT);
        assertEquals("GSSENC", gss.spanName());
        assertEquals(true, gss.attributes().get(PostgresDecoder.ENCRYPTION_ACCEPTED));
    }

    @Test
    void keepsEverythingWhenRedactionIsOff() {
        Capture capture = CapturedTraffic.SCRAM_FINAL;
        DecodedExchange decoded =
                decoder.decode(Exchanges.of(capture.request(), capture.response()), new Redaction(false));

        assertArrayEquals(capture.request(), decoded.requestPreview());
        assertArrayEquals(capture.response(), decoded.responsePreview());
        assertNull(decoded.attributes().get(ProtocolAttributes.REDACTED));
    }

    static String hashIn(Capture capture) {
        String request = text(capture.request());
        return request.substring(request.indexOf("md5"), request.length() - 1);
    }

    static String proofIn(Capture capture) {
        String request = text(capture.request());
        return request.substring(request.indexOf(",p=") + 3);
    }

    static String signatureIn(Capture capture) {
        String response = text(capture.response());
        int start = response.indexOf("v=") + 2;
        return response.substring(start, response.indexOf('R', start));
    }
}
