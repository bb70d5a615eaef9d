package dev.udsotel.core.protocol.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.protocol.Exchanges;
import dev.udsotel.core.protocol.Leaks;
import dev.udsotel.core.protocol.ProtocolAttributes;
import dev.udsotel.core.protocol.ProtocolDecoders;
import dev.udsotel.core.redaction.Redaction;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.PostgresServer;
import dev.udsotel.testing.Prerequisite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the installed psql and pgbench against a real PostgreSQL through a proxy that feeds the real conversation
 * tracker, and decodes the exchanges it reports with the standard decoders, as exported spans would show them.
 */
class RealPostgresTest {
    private static final String CLEAR = "Real-clear-Passw0rd-71";
    private static final String MD5 = "Real-md5-Passw0rd-72";
    private static final String SCRAM = "Real-scram-Passw0rd-73";
    private static final List<String> SECRETS = List.of(CLEAR, MD5, SCRAM);

    @TempDir
    static Path dir;

    private static PostgresServer server;
    private static TrackingProxy proxy;
    private static Path proxyDirectory;

    private final ProtocolDecoders decoders = ProtocolDecoders.standard();

    @BeforeAll
    static void startPostgres() throws IOException, InterruptedException {
        Optional<Path> bin = PostgresServer.binaries();
        Prerequisite.require(
                bin.isPresent(), "PostgreSQL server binaries (initdb, pg_ctl) are not installed; ./dev installs them");
        Prerequisite.require(
                !PostgresServer.runningAsRoot() || userExists(PostgresServer.SUPERUSER),
                "running as root needs the postgres user the Debian package creates");
        server = PostgresServer.start(bin.get(), dir, CLEAR, MD5, SCRAM);
        proxyDirectory = Files.createDirectories(dir.resolve("proxy"));
        proxy = new TrackingProxy(proxyDirectory.resolve(".s.PGSQL.5432"), server.socket());
    }

    @AfterAll
    static void stopPostgres() throws IOException, InterruptedException {
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void decodesACleartextPasswordLoginAndAQueryWithoutLeakingThePassword() throws Exception {
        List<DecodedExchange> spans = psql("clear_user", CLEAR, "SELECT id, name FROM users WHERE name = 'ann'");

        assertEquals(List.of("STARTUP", "AUTH", "SELECT users", "TERMINATE"), names(spans));
        DecodedExchange startup = spans.get(0);
        assertEquals("shop", startup.attributes().get(PostgresDecoder.NAMESPACE));
        assertEquals("clear_user", startup.attributes().get(PostgresDecoder.USER));
        assertEquals("cleartext_password", startup.attributes().get(PostgresDecoder.AUTHENTICATION));
        assertEquals(true, spans.get(1).attributes().get(ProtocolAttributes.REDACTED));
        assertEquals("ok", spans.get(1).attributes().get(PostgresDecoder.AUTHENTICATION));
        DecodedExchange select = spans.get(2);
        assertEquals(
                "SELECT id, name FROM users WHERE name = ?", select.attributes().get(PostgresDecoder.QUERY_TEXT));
        assertEquals(1L, select.attributes().get(PostgresDecoder.RETURNED_ROWS));
    }

    @Test
    void decodesAnMd5LoginWithoutLeakingThePassword() throws Exception {
        List<DecodedExchange> spans = psql("md5_user", MD5, "INSERT INTO users (name, email) VALUES ('cy', 'c@x.org')");

        assertEquals(List.of("STARTUP", "AUTH", "INSERT users", "TERMINATE"), names(spans));
        assertEquals("md5_password", spans.get(0).attributes().get(PostgresDecoder.AUTHENTICATION));
        assertTrue(Exchanges.text(spans.get(1).requestPreview()).contains("[REDACTED]"));
    }

    @Test
    void decodesAScramLoginAndHidesTheServerSignature() throws Exception {
        List<DecodedExchange> spans = psql("scram_user", SCRAM, "UPDATE users SET email = 'a@x.org' WHERE id = 1");

        assertEquals(List.of("STARTUP", "AUTH", "AUTH", "UPDATE users", "TERMINATE"), names(spans));
        assertEquals("sasl", spans.get(0).attributes().get(PostgresDecoder.AUTHENTICATION));
        assertEquals("sasl_continue", spans.get(1).attributes().get(PostgresDecoder.AUTHENTICATION));
        String finalResponse = Exchanges.text(spans.get(2).responsePreview());
        assertTrue(finalResponse.contains("[REDACTED]") && !finalResponse.contains("v="), finalResponse);
        assertEquals(
                "UPDATE users SET email = ? WHERE id = ?",
                spans.get(3).attributes().get(PostgresDecoder.QUERY_TEXT));
    }

    @Test
    void reportsAWrongPasswordAsAFailedAuthentication() throws Exception {
        List<DecodedExchange> spans = psql("scram_user", "Wrong-" + SCRAM, "SELECT 1");

        assertEquals(List.of("STARTUP", "AUTH", "AUTH"), names(spans));
        DecodedExchange failed = spans.get(2);
        assertTrue(failed.error());
        assertEquals("28P01", failed.attributes().get(ProtocolAttributes.ERROR_TYPE));
        for (DecodedExchange span : spans) {
            Leaks.assertNoLeak(span, "Wrong-" + SCRAM, span.spanName());
        }
    }

    @Test
    void hidesThePasswordOfAlterRoleAndReportsFailedQueries() throws Exception {
        List<DecodedExchange> spans = psql(
                PostgresServer.SUPERUSER,
                null,
                "ALTER ROLE clear_user PASSWORD '" + CLEAR + "'",
                "SELECT * FROM missing_table");

        assertEquals(List.of("STARTUP", "ALTER", "SELECT missing_table", "TERMINATE"), names(spans));
        assertEquals(
                "ALTER ROLE clear_user PASSWORD ?", spans.get(1).attributes().get(PostgresDecoder.QUERY_TEXT));
        assertTrue(Exchanges.text(spans.get(1).requestPreview()).contains("PASSWORD [REDACTED]"));
        assertEquals("42P01", spans.get(2).attributes().get(ProtocolAttributes.ERROR_TYPE));
        assertTrue(spans.get(2).error());
    }

    @Test
    void decodesTheExtendedProtocolOfPgbench() throws Exception {
        Path pgbench = server.bin().resolve("pgbench");
        Prerequisite.require(Files.isExecutable(pgbench), "pgbench is not installed");
        Path script = dir.resolve("bench.sql");
        Files.writeString(script, "\\set uid 1\nSELECT name FROM users WHERE id = :uid;\n");
        List<String> command = List.of(
                pgbench.toString(),
                "-n",
                "-t",
                "2",
                "-M",
                "prepared",
                "-f",
                script.toString(),
                "-h",
                proxyDirectory.toString(),
                "-p",
                "5432",
                "-U",
                "md5_user",
                "shop");
        List<DecodedExchange> spans = run(command, MD5);

        List<String> names = names(spans);
        assertTrue(names.contains("SELECT users"), names::toString);
        assertTrue(names.contains("EXECUTE"), names::toString);
        DecodedExchange execute = spans.get(names.indexOf("EXECUTE"));
        assertEquals(1L, execute.attributes().get(PostgresDecoder.RETURNED_ROWS));
    }

    private List<DecodedExchange> psql(String user, String password, String... statements) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                server.bin().resolve("psql").toString(),
                "-X",
                "-h",
                proxyDirectory.toString(),
                "-p",
                "5432",
                "-U",
                user,
                "-d",
                "shop"));
        for (String statement : statements) {
            command.add("-c");
            command.add(statement);
        }
        return run(command, password);
    }

    /** Runs a client through the proxy and decodes every exchange it had; each must be PostgreSQL and leak nothing. */
    private List<DecodedExchange> run(List<String> command, String password) throws Exception {
        ChildProcess.Builder builder = ChildProcess.command(command).errorIntoOutput();
        System.getenv().keySet().stream().filter(name -> name.startsWith("PG")).forEach(builder::withoutEnv);
        builder.env("PGPASSFILE", "/dev/null");
        if (password != null) {
            builder.env("PGPASSWORD", password);
        }
        String output = builder.run(Duration.ofSeconds(60)).stdout();
        List<Exchange> exchanges = proxy.awaitExchanges();
        assertFalse(exchanges.isEmpty(), output);
        List<DecodedExchange> decoded = new ArrayList<>();
        for (Exchange exchange : exchanges) {
            assertTrue(exchange.request().prefix().length <= TrackingProxy.CAPTURE_LIMIT);
            DecodedExchange span = decoders.decode(exchange, Redaction.DEFAULT);
            assertEquals(
                    "postgresql",
                    span.attributes().get(ProtocolAttributes.PROTOCOL),
                    () -> span.spanName() + " "
                            + Exchanges.text(exchange.request().prefix()));
            for (String secret : SECRETS) {
                Leaks.assertNoLeak(span, secret, span.spanName());
            }
            decoded.add(span);
        }
        return decoded;
    }

    private static List<String> names(List<DecodedExchange> spans) {
        return spans.stream().map(DecodedExchange::spanName).toList();
    }

    private static boolean userExists(String user) throws IOException {
        return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(line -> line.startsWith(user + ":"));
    }
}
