package dev.udsotel.core.protocol.postgres;

import static dev.udsotel.core.protocol.Exchanges.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.protocol.Exchanges;
import dev.udsotel.core.protocol.Leaks;
import dev.udsotel.core.protocol.ProtocolAttributes;
import dev.udsotel.core.redaction.Redaction;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Passwords in SQL and start-up parameters, whole and cut anywhere. */
class PostgresRedactionTest {
    private static final String SECRET = "Hunter2-s3cret-Pw";
    private final PostgresDecoder decoder = new PostgresDecoder();

    private static final List<String> STATEMENTS = List.of(
            "CREATE ROLE app LOGIN PASSWORD '" + SECRET + "'",
            "create user app with encrypted password E'" + SECRET + "\\'x' valid until 'infinity'",
            "ALTER USER app PASSWORD $pw$" + SECRET + "$pw$",
            "/* rotate */ ALTER ROLE \"App\" PASSWORD\n'" + SECRET + "'; SELECT 1",
            "CREATE USER MAPPING FOR app SERVER remote OPTIONS (user 'app', password '" + SECRET + "')",
            "SELECT dblink_connect('host=/run/postgresql dbname=shop password=" + SECRET + "')",
            "SELECT dblink_connect('postgresql://app:" + SECRET + "@localhost/shop')");

    @Test
    void replacesPasswordLiteralsInQueriesAndParsedStatementsCutAnywhere() {
        for (String sql : STATEMENTS) {
            for (byte[] message : List.of(FrontendMessages.query(sql), FrontendMessages.parse("s1", sql))) {
                for (int cut = 0; cut <= message.length; cut++) {
                    var exchange = Exchanges.cut(message, cut, new byte[0], 0);
                    if (!decoder.recognizes(exchange)) {
                        assertTrue(cut < 9, sql + " cut at " + cut);
                        continue;
                    }
                    DecodedExchange decoded = decoder.decode(exchange, Redaction.DEFAULT);
                    Leaks.assertNoLeak(decoded, SECRET, sql + " cut at " + cut);
                }
                DecodedExchange whole = decoder.decode(Exchanges.of(message, new byte[0]), Redaction.DEFAULT);
                assertTrue(text(whole.requestPreview()).contains("[REDACTED]"), sql);
                assertEquals(true, whole.attributes().get(ProtocolAttributes.REDACTED), sql);
            }
        }
    }

    @Test
    void replacesEveryLiteralInThePreviewAsInTheQueryText() {
        byte[] message = FrontendMessages.query("SELECT * FROM users WHERE name = 'ann' AND age > 41");
        DecodedExchange decoded = decoder.decode(Exchanges.of(message, new byte[0]), Redaction.DEFAULT);

        assertEquals(
                text(FrontendMessages.query("SELECT * FROM users WHERE name = [REDACTED] AND age > [REDACTED]")),
                text(decoded.requestPreview()));
        assertEquals(true, decoded.attributes().get(ProtocolAttributes.REDACTED));
        assertEquals(
                "SELECT * FROM users WHERE name = ? AND age > ?",
                decoded.attributes().get(PostgresDecoder.QUERY_TEXT));
    }

    @Test
    void replacesAPasswordStartupParameter() {
        byte[] startup = FrontendMessages.startup("user", "app", "PassWord", SECRET, "database", "shop");
        for (int cut = 8; cut <= startup.length; cut++) {
            DecodedExchange decoded = decoder.decode(Exchanges.cut(startup, cut, new byte[0], 0), Redaction.DEFAULT);
            Leaks.assertNoLeak(decoded, SECRET, "startup cut at " + cut);
        }
        DecodedExchange whole = decoder.decode(Exchanges.of(startup, new byte[0]), Redaction.DEFAULT);
        assertEquals("STARTUP", whole.spanName());
        assertEquals("shop", whole.attributes().get(PostgresDecoder.NAMESPACE));
        assertTrue(text(whole.requestPreview()).contains("PassWord\u0000[REDACTED]\u0000database\u0000shop"));
    }

    @Test
    void takesTheDatabaseFromTheUserWhenTheStartupPacketNamesNone() {
        DecodedExchange decoded =
                decoder.decode(Exchanges.of(FrontendMessages.startup("user", "app"), new byte[0]), Redaction.DEFAULT);

        assertEquals("app", decoded.attributes().get(PostgresDecoder.NAMESPACE));
        assertEquals("app", decoded.attributes().get(PostgresDecoder.USER));
    }
}
