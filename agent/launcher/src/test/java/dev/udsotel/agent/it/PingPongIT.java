package dev.udsotel.agent.it;

import static dev.udsotel.agent.it.TracedJvm.ARRIVAL;
import static dev.udsotel.agent.it.TracedJvm.WAIT;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.agent.it.workload.PingPongWorkload;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.ReceivedSpan;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A blocking echo ping-pong over one Unix socket connection, client and server in one traced JVM. */
class PingPongIT {
    private static final int ROUNDS = 3;
    private static final Map<Integer, Run> RUNS = new ConcurrentHashMap<>();

    /** What one traced run of the workload left behind. */
    private record Run(
            Path socket, long pid, int uid, int gid, List<ReceivedSpan> spans, Map<String, Long> firstBytes) {
        String name() {
            return "UDS " + socket;
        }

        ReceivedSpan exchange(String kind, int round) {
            String preview = Previews.of(PingPongWorkload.message(round));
            List<ReceivedSpan> found = spans.stream()
                    .filter(ReceivedSpan.ofKind(kind)
                            .and(ReceivedSpan.named(name()))
                            .and(ReceivedSpan.withAttribute("uds.request.preview", preview)))
                    .toList();
            assertEquals(
                    1, found.size(), () -> kind + " spans of round " + round + ":\n" + ReceivedSpan.describeAll(spans));
            return found.get(0);
        }

        ReceivedSpan only(Predicate<ReceivedSpan> matching) {
            List<ReceivedSpan> found = spans.stream().filter(matching).toList();
            assertEquals(1, found.size(), () -> ReceivedSpan.describeAll(spans));
            return found.get(0);
        }
    }

    /** One run per JDK, shared by the tests below, which each check one aspect of it. */
    private static Run run(int jdk) {
        return RUNS.computeIfAbsent(jdk, PingPongIT::traceOnce);
    }

    private static Run traceOnce(int jdk) {
        Path socket = TracedJvm.socketDirectory().resolve("echo.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start();
                ChildProcess app = TracedJvm.withNativeAccess(
                                jdk,
                                TracedJvm.traced(
                                        jdk,
                                        receiver,
                                        PingPongWorkload.class,
                                        String.valueOf(ROUNDS),
                                        socket.toString()))
                        .env("OTEL_TRACES_EXPORTER", "otlp,logging-otlp")
                        .start()) {
            assertEquals(0, app.waitFor(WAIT), app.output());
            assertTrue(app.stdout().contains("round " + ROUNDS + " on " + socket + " ok"), app.output());
            receiver.awaitSpans(ReceivedSpan.named("UDS " + socket), 2 * ROUNDS, ARRIVAL);
            receiver.awaitSpans(
                    ReceivedSpan.named("connect " + socket).or(ReceivedSpan.named("accept " + socket)), 2, ARRIVAL);
            int uid = (Integer) Files.getAttribute(socket.getParent(), "unix:uid");
            int gid = (Integer) Files.getAttribute(socket.getParent(), "unix:gid");
            return new Run(socket, app.pid(), uid, gid, receiver.spans(), FirstByteEvents.in(app.stderr()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void exportsOneClientAndOneServerSpanPerRoundWithTheExactBytesBothWays(int jdk) {
        Run run = run(jdk);
        for (int round = 1; round <= ROUNDS; round++) {
            long length = PingPongWorkload.message(round).length;
            String preview = Previews.of(PingPongWorkload.message(round));
            for (String kind : List.of("CLIENT", "SERVER")) {
                ReceivedSpan span = run.exchange(kind, round);
                assertAll(
                        span.describe(),
                        () -> assertEquals(length, span.longAttribute("uds.request.bytes")),
                        () -> assertEquals(length, span.longAttribute("uds.response.bytes")),
                        () -> assertEquals(preview, span.stringAttribute("uds.response.preview")),
                        () -> assertEquals(false, span.attribute("uds.request.truncated")),
                        () -> assertEquals(false, span.attribute("uds.response.truncated")),
                        () -> assertEquals("exchange", span.stringAttribute("uds.exchange")),
                        // one write and two reads on each side, as the workload makes them
                        () -> assertEquals(3L, span.longAttribute("uds.messages")),
                        () -> assertEquals("UNSET", span.statusCode()));
            }
        }
        long exchanges =
                run.spans.stream().filter(ReceivedSpan.named(run.name())).count();
        assertEquals(2 * ROUNDS, exchanges, ReceivedSpan.describeAll(run.spans));
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void describesTheSocketFromEachEndsPointOfView(int jdk) {
        Run run = run(jdk);
        String path = run.socket.toString();
        ReceivedSpan client = run.exchange("CLIENT", 1);
        ReceivedSpan server = run.exchange("SERVER", 1);
        assertAll(
                () -> assertEquals("unix", client.stringAttribute("network.transport")),
                () -> assertEquals(path, client.stringAttribute("network.peer.address")),
                () -> assertEquals(path, client.stringAttribute("server.address")),
                () -> assertNull(client.attribute("network.local.address"), client.describe()),
                () -> assertEquals("unix", server.stringAttribute("network.transport")),
                () -> assertEquals(path, server.stringAttribute("network.local.address")),
                () -> assertNull(server.attribute("server.address"), server.describe()),
                () -> assertEquals((long) run.uid, client.longAttribute("uds.peer.uid")),
                () -> assertEquals((long) run.gid, client.longAttribute("uds.peer.gid")),
                () -> assertEquals((long) run.uid, server.longAttribute("uds.peer.uid")),
                () -> assertEquals((long) run.gid, server.longAttribute("uds.peer.gid")));
        long clientInode = client.longAttribute("uds.socket.inode");
        long serverInode = server.longAttribute("uds.socket.inode");
        assertTrue(
                clientInode > 0 && serverInode > 0 && clientInode != serverInode,
                client.describe() + "\n" + server.describe());
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void givesBothEndsOfOneConnectionTheSameConnectionIdMadeOfTheirInodes(int jdk) {
        Run run = run(jdk);
        ReceivedSpan client = run.exchange("CLIENT", 2);
        ReceivedSpan server = run.exchange("SERVER", 2);
        long a = client.longAttribute("uds.socket.inode");
        long b = server.longAttribute("uds.socket.inode");
        String expected = Math.min(a, b) + "-" + Math.max(a, b);
        assertEquals(expected, client.stringAttribute("uds.connection.id"), client.describe());
        assertEquals(expected, server.stringAttribute("uds.connection.id"), server.describe());
        for (ReceivedSpan span : run.spans) {
            assertEquals(expected, span.stringAttribute("uds.connection.id"), span.describe());
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void ordersTimestampsAsTheBytesFlowed(int jdk) {
        Run run = run(jdk);
        for (int round = 1; round <= ROUNDS; round++) {
            ReceivedSpan client = run.exchange("CLIENT", round);
            ReceivedSpan server = run.exchange("SERVER", round);
            for (ReceivedSpan span : List.of(client, server)) {
                Long firstByte = run.firstBytes.get(span.spanId());
                assertNotNull(firstByte, () -> "no uds.first_response_byte event for " + span.describe());
                assertTrue(
                        span.startEpochNanos() <= firstByte && firstByte <= span.endEpochNanos(),
                        span.describe() + " first byte at " + firstByte);
                double ttfbMillis = (Double) span.attribute("uds.response.time_to_first_byte_ms");
                assertEquals(firstByte - span.startEpochNanos(), ttfbMillis * 1e6, 1_000, span.describe());
            }
            // the server reads after the client began writing; the client read its last bytes after the server wrote
            // them
            assertTrue(
                    client.startEpochNanos() <= server.startEpochNanos(), client.describe() + "\n" + server.describe());
            assertTrue(server.endEpochNanos() <= client.endEpochNanos(), client.describe() + "\n" + server.describe());
            if (round > 1) {
                assertTrue(run.exchange("CLIENT", round - 1).endEpochNanos() <= client.startEpochNanos());
            }
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void recordsTheConnectAndTheAcceptAsHandshakeSpans(int jdk) {
        Run run = run(jdk);
        ReceivedSpan connect = run.only(ReceivedSpan.named("connect " + run.socket));
        ReceivedSpan accept = run.only(ReceivedSpan.named("accept " + run.socket));
        assertAll(
                () -> assertEquals("CLIENT", connect.kind()),
                () -> assertEquals("SERVER", accept.kind()),
                () -> assertEquals("UNSET", connect.statusCode()),
                () -> assertEquals("UNSET", accept.statusCode()),
                () -> assertNull(connect.attribute("error.type")),
                () -> assertEquals(run.socket.toString(), connect.stringAttribute("server.address")),
                () -> assertEquals(run.socket.toString(), accept.stringAttribute("network.local.address")),
                () -> assertTrue(connect.startEpochNanos() <= connect.endEpochNanos()),
                () -> assertTrue(
                        connect.endEpochNanos() <= run.exchange("CLIENT", 1).startEpochNanos()),
                () -> assertTrue(
                        accept.endEpochNanos() <= run.exchange("SERVER", 1).startEpochNanos()),
                () -> assertEquals(
                        run.exchange("CLIENT", 1).longAttribute("uds.socket.inode"),
                        connect.longAttribute("uds.socket.inode")),
                () -> assertEquals(
                        run.exchange("SERVER", 1).longAttribute("uds.socket.inode"),
                        accept.longAttribute("uds.socket.inode")));
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void describesTheTracedProcessInTheResource(int jdk) throws Exception {
        Run run = run(jdk);
        String host = InetAddress.getLocalHost().getHostName();
        for (ReceivedSpan span : run.spans) {
            assertAll(
                    span.describe(),
                    () -> assertEquals("PingPongWorkload", span.resourceAttribute("service.name")),
                    () -> assertEquals(run.pid, span.resourceAttribute("process.pid")),
                    () -> assertEquals("java", span.resourceAttribute("process.executable.name")),
                    () -> assertEquals(host, span.resourceAttribute("host.name")),
                    () -> assertTrue(
                            span.isRoot()
                                    || "SERVER".equals(span.kind())
                                            && run.spans.stream().anyMatch(span::isChildOf),
                            "a trace of its own, or the server's end of an exchange, a child of its client's span"),
                    () -> assertFalse(span.traceId().isEmpty()));
        }
        assertNotEquals(
                run.exchange("CLIENT", 1).traceId(), run.exchange("CLIENT", 2).traceId());
    }
}
