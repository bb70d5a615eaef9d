package dev.udsotel.core.protocol.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.udsotel.core.protocol.Exchanges;
import org.junit.jupiter.api.Test;

class SqlStatementTest {
    private static SqlStatement whole(String sql) {
        byte[] bytes = sql.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return SqlStatement.of(bytes, 0, bytes.length, true);
    }

    private static SqlStatement cut(String sql) {
        byte[] bytes = Exchanges.bytes(sql);
        return SqlStatement.of(bytes, 0, bytes.length, false);
    }

    @Test
    void replacesEveryKindOfLiteralButNotParametersOrIdentifiers() {
        assertEquals(
                "SELECT ?, ?, ?, ?, ?, ?, ?, t1.c2, $1 FROM t1 WHERE x = -? AND y = ?",
                whole("SELECT 'a''b', E'it\\'s', $$dollar ' quoted$$, $q$x$$y$q$, 1.5e-3, .5, X'1F', t1.c2, $1 FROM t1 "
                                + "WHERE x = -42 AND y = U&'d\\0061t'")
                        .sanitizedText());
        assertEquals(
                "SELECT \"Weird 'name'\" FROM \"My Table\" -- it's 3\n WHERE a = ?",
                whole("SELECT \"Weird 'name'\" FROM \"My Table\" -- it's 3\n WHERE a = 7")
                        .sanitizedText());
        assertEquals(
                "INSERT INTO t VALUES (?, ?) /* nested /* 'x' */ 5 */",
                whole("INSERT INTO t VALUES ('é', 0x1F) /* nested /* 'x' */ 5 */")
                        .sanitizedText());
    }

    @Test
    void namesTheFirstTableOfTheStatement() {
        assertEquals(
                "SELECT orders",
                whole("select o.id from orders o join users u on u.id = o.uid").summary());
        assertEquals(
                "SELECT public.orders",
                whole("SELECT extract(year FROM ts) FROM public.orders").summary());
        assertEquals("SELECT My Table", whole("SELECT * FROM \"My Table\"").summary());
        assertEquals("SELECT", whole("SELECT 1").summary());
        assertEquals("SELECT", whole("SELECT * FROM (SELECT 1) AS s").summary());
        assertEquals("SELECT", whole("SELECT * FROM generate_series(1, 3)").summary());
        assertEquals(
                "DELETE sessions",
                whole("DELETE FROM ONLY sessions WHERE expires < now()").summary());
        assertEquals("UPDATE users", whole("UPDATE users SET a = 1").summary());
        assertEquals(
                "INSERT events",
                whole("WITH x AS (SELECT 1 FROM y) INSERT INTO events SELECT * FROM x")
                        .summary());
        assertEquals("BEGIN", whole("BEGIN; SELECT * FROM t; COMMIT").summary());
        assertEquals("CREATE", whole("CREATE TABLE t (id int)").summary());
        assertNull(whole("FROBNICATE everything").summary());
        assertNull(whole("").summary());
    }

    @Test
    void namesOnlyWhatTheCutTextShowsWhole() {
        assertNull(cut("SELE").operation());
        assertEquals("SELECT", cut("SELECT * FROM use").summary());
        assertEquals("SELECT users", cut("SELECT * FROM users ").summary());
        assertNull(cut("SELECT * FROM users ").sanitizedText());
        assertEquals("SELECT", cut("SELECT * FROM public.").summary());
    }
}
