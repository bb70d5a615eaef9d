package dev.udsotel.agent.it;

import static dev.udsotel.agent.it.TracedJvm.ARRIVAL;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.agent.it.workload.PgjdbcWorkload;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.PostgresServer;
import dev.udsotel.testing.ReceivedSpan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * junixsocket, under pgjdbc's documented socket factory, to a real PostgreSQL server on its Unix socket, on JDK 17
 * and 25: the queries decoded into spans, the same rows with and without the agent. (junixsocket has no TCP; its
 * other families, TIPC and VSOCK, stop at the same one check.)
 */
class JunixsocketIT {
    private static final String[] PGJDBC = {"/org/postgresql/", "/com/kohlschutter/"};
    private static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        Path bin = PostgresServer.binaries().orElseThrow(() -> new AssertionError(
                "PostgreSQL server binaries (initdb, pg_ctl) are not installed; ./dev installs them"));
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "uds-pg-");
        postgres = PostgresServer.start(bin, dir, "clear-pw", "md5-pw", "scram-pw");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void tracesPgjdbcQueriesThroughJunixsocketAsDecodedPostgresSpans(int jdk) throws Exception {
        String socket = postgres.socket().toString();
        String untraced = NettyEpollIT.run(NettyEpollIT.untraced(jdk, PgjdbcWorkload.class, PGJDBC, socket));
        // the workload holds until its spans have arrived: a run this short would leave them all to the bounded flush at exit
        try (OtlpReceiver receiver = OtlpReceiver.start();
             ChildProcess traced = NettyEpollIT.traced(jdk, receiver, PgjdbcWorkload.class, PGJDBC, socket, "--hold")
                     .env("OTEL_BSP_SCHEDULE_DELAY", "100").startInteractive()) {
            String checksum = traced.awaitOutput("checksum", TracedJvm.WAIT);
            assertEquals("checksum " + NettyEpollIT.checksum(untraced), checksum.trim(), "the same rows with and without the agent");

            List<ReceivedSpan> select = receiver.awaitSpans(ReceivedSpan.named("SELECT users"), 2, ARRIVAL);
            assertEquals(2, select.size(), ReceivedSpan.describeAll(receiver.spans()));
            receiver.awaitSpans(ReceivedSpan.named("STARTUP"), 1, ARRIVAL);
            for (ReceivedSpan span : select) {
                assertAll(span.describe(),
                        () -> assertEquals("CLIENT", span.kind()),
                        () -> assertEquals("postgresql", span.stringAttribute("db.system.name")),
                        () -> assertTrue(span.stringAttribute("db.query.text").startsWith("SELECT")),
                        () -> assertEquals(socket, span.stringAttribute("server.address")),
                        () -> assertEquals("unix", span.stringAttribute("network.transport")),
                        () -> assertTrue(span.longAttribute("uds.peer.pid") > 0),
                        () -> assertTrue(span.stringAttribute("uds.connection.id").matches("\\d+-\\d+")));
            }
            receiver.awaitSpans(ReceivedSpan.named("connect " + socket), 1, ARRIVAL);
            traced.stdin().close();
            assertEquals(0, traced.waitFor(TracedJvm.WAIT), traced.output());
        }
    }
}
