package dev.udsotel.agent.it;

import static dev.udsotel.agent.it.TracedJvm.ARRIVAL;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.agent.it.workload.JunixsocketEchoWorkload;
import dev.udsotel.agent.it.workload.PgjdbcWorkload;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.PostgresServer;
import dev.udsotel.testing.ReceivedSpan;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * junixsocket, under pgjdbc's documented socket factory, to a real PostgreSQL server on its Unix socket, on JDK 17
 * and 25: the queries decoded into spans, the same rows with and without the agent, with the build's junixsocket (the
 * highest) and the lowest supported one (2.5.0, the first with AFSocketImpl); the version before is named in one line
 * and left alone. (junixsocket has no TCP; its
 * other families, TIPC and VSOCK, stop at the same one check.)
 */
class JunixsocketIT {
    private static final String[] PGJDBC = {"/org/postgresql/", "/com/kohlschutter/"};
    private static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        Path bin = PostgresServer.binaries()
                .orElseThrow(() -> new AssertionError(
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
        tracesPgjdbcThroughJunixsocket(jdk, TracedJvm.jarsOf(PGJDBC));
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void tracesTheLowestSupportedJunixsocket(int jdk) throws Exception {
        tracesPgjdbcThroughJunixsocket(jdk, withPgjdbc("junixsocket-lowest"));
    }

    @Test
    void namesAJunixsocketWithoutAFSocketImplInOneLineAndLeavesItAlone() {
        int jdk = 17; // junixsocket 2.4 predates JDK 25, where its sockets never connect, with or without the agent
        Path sockets = TracedJvm.socketDirectory();
        Path marker = sockets.resolve("marker.sock");
        String classpath = OtherVersions.classpath("junixsocket-too-old");
        String[] args = {sockets.resolve("echo.sock").toString(), marker.toString()};
        try (OtlpReceiver receiver = OtlpReceiver.start();
                ChildProcess traced = NettyEpollIT.traced(jdk, receiver, JunixsocketEchoWorkload.class, classpath, args)
                        .start()) {
            assertEquals(0, traced.waitFor(TracedJvm.WAIT), traced.output());
            String untraced =
                    NettyEpollIT.run(NettyEpollIT.untraced(jdk, JunixsocketEchoWorkload.class, classpath, args));
            assertEquals(
                    NettyEpollIT.checksum(untraced),
                    NettyEpollIT.checksum(traced.stdout()),
                    "the same bytes with and without the agent");
            OtherVersions.assertOneLine(
                    traced,
                    "[uds-agent] junixsocket (junixsocket-common-" + OtherVersions.version("junixsocket.too-old")
                            + ".jar) lacks AFSocketImpl.connect0(SocketAddress, int), which the agent expects; its Unix sockets are not traced");
            NettyEpollIT.assertOnlyMarkerSpans(receiver, marker);
        }
    }

    /** pgjdbc's jars, and junixsocket's from a directory of another version. */
    private static String withPgjdbc(String versions) {
        return TracedJvm.jarsOf("/org/postgresql/") + File.pathSeparator + OtherVersions.classpath(versions);
    }

    /** pgjdbc through junixsocket, both from {@code classpath}, to the test's PostgreSQL server. */
    private static void tracesPgjdbcThroughJunixsocket(int jdk, String classpath) throws Exception {
        String socket = postgres.socket().toString();
        String untraced = NettyEpollIT.run(NettyEpollIT.untraced(jdk, PgjdbcWorkload.class, classpath, socket));
        // the workload holds until its spans have arrived: a run this short would leave them all to the bounded flush
        // at exit
        try (OtlpReceiver receiver = OtlpReceiver.start();
                ChildProcess traced = NettyEpollIT.traced(
                                jdk, receiver, PgjdbcWorkload.class, classpath, socket, "--hold")
                        .env("OTEL_BSP_SCHEDULE_DELAY", "100")
                        .startInteractive()) {
            String checksum = traced.awaitOutput("checksum", TracedJvm.WAIT);
            assertEquals(
                    "checksum " + NettyEpollIT.checksum(untraced),
                    checksum.trim(),
                    "the same rows with and without the agent");

            List<ReceivedSpan> select = receiver.awaitSpans(ReceivedSpan.named("SELECT users"), 2, ARRIVAL);
            assertEquals(2, select.size(), ReceivedSpan.describeAll(receiver.spans()));
            receiver.awaitSpans(ReceivedSpan.named("STARTUP"), 1, ARRIVAL);
            for (ReceivedSpan span : select) {
                assertAll(
                        span.describe(),
                        () -> assertEquals("CLIENT", span.kind()),
                        () -> assertEquals("postgresql", span.stringAttribute("db.system.name")),
                        () -> assertTrue(span.stringAttribute("db.query.text").startsWith("SELECT")),
                        () -> assertEquals(socket, span.stringAttribute("server.address")),
                        () -> assertEquals("unix", span.stringAttribute("network.transport")),
                        () -> assertTrue(span.longAttribute("uds.peer.pid") > 0),
                        () -> assertTrue(
                                span.stringAttribute("uds.connection.id").matches("\\d+-\\d+")));
            }
            receiver.awaitSpans(ReceivedSpan.named("connect " + socket), 1, ARRIVAL);
            traced.stdin().close();
            assertEquals(0, traced.waitFor(TracedJvm.WAIT), traced.output());
        }
    }
}
