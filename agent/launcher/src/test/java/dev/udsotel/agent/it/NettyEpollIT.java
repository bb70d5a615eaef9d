package dev.udsotel.agent.it;

import static dev.udsotel.agent.it.TracedJvm.ARRIVAL;
import static dev.udsotel.agent.it.TracedJvm.WAIT;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.agent.it.workload.LettuceWorkload;
import dev.udsotel.agent.it.workload.NettyHttpWorkload;
import dev.udsotel.testing.ChildJvm;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.ReceivedSpan;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Netty's epoll transport, which never touches java.nio's channels: a Netty HTTP client and server, and Lettuce to a
 * real redis-server, under the agent on JDK 17 and 25. The same spans as java.nio's, the same bytes as without the
 * agent, and nothing at all for the same libraries over TCP.
 */
class NettyEpollIT {
    private static final String[] NETTY = {"/io/netty/"};
    private static final String[] LETTUCE = {
        "/io/netty/", "/io/lettuce/", "/io/projectreactor/", "/org/reactivestreams/", "/org/slf4j/"
    };
    private static final Pattern CHECKSUM = Pattern.compile("checksum (\\p{XDigit}+)");
    private static final int REQUESTS = 3;

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void tracesANettyEpollHttpClientAndServerAsOneConnectionWithUnchangedBytes(int jdk) {
        tracesNettyHttpAsOneConnectionWithUnchangedBytes(jdk, TracedJvm.jarsOf(NETTY), "epoll");
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void makesNoSpanForNettyEpollOverTcp(int jdk) {
        makesNoSpanForNettyOverTcp(jdk, TracedJvm.jarsOf(NETTY), "epoll");
    }

    /** {@link NettyHttpWorkload} on a Netty {@code transport} from {@code classpath}, over a Unix socket. */
    static void tracesNettyHttpAsOneConnectionWithUnchangedBytes(int jdk, String classpath, String transport) {
        Path socket = TracedJvm.socketDirectory().resolve("http.sock");
        String[] args = {"unix", socket.toString(), String.valueOf(REQUESTS), transport};
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            String traced = run(traced(jdk, receiver, NettyHttpWorkload.class, classpath, args));
            String untraced = run(untraced(jdk, NettyHttpWorkload.class, classpath, args));
            assertEquals(checksum(untraced), checksum(traced), "the same bytes with and without the agent");
            long pid = Long.parseLong(traced.replaceAll("(?s).*pid (\\d+).*", "$1"));

            // named after the path template; each request's own path is url.path
            List<ReceivedSpan> spans =
                    receiver.awaitSpans(ReceivedSpan.named("POST /items/{id}"), 2 * REQUESTS, ARRIVAL);
            for (int i = 0; i < REQUESTS; i++) {
                ReceivedSpan client = only(spans, "CLIENT", "/items/" + i);
                ReceivedSpan server = only(spans, "SERVER", "/items/" + i);
                long a = client.longAttribute("uds.socket.inode");
                long b = server.longAttribute("uds.socket.inode");
                String answer = "/items/" + i + " }" + i + ":\"meti\"{";
                assertAll(
                        client.describe() + "\n" + server.describe(),
                        () -> assertTrue(a > 0 && b > 0 && a != b),
                        () -> assertEquals(
                                Math.min(a, b) + "-" + Math.max(a, b), client.stringAttribute("uds.connection.id")),
                        () -> assertEquals(
                                client.stringAttribute("uds.connection.id"),
                                server.stringAttribute("uds.connection.id")),
                        () -> assertEquals("unix", client.stringAttribute("network.transport")),
                        () -> assertEquals(socket.toString(), client.stringAttribute("server.address")),
                        () -> assertEquals(socket.toString(), server.stringAttribute("network.local.address")),
                        () -> assertEquals(pid, client.longAttribute("uds.peer.pid")),
                        () -> assertEquals(pid, server.longAttribute("uds.peer.pid")),
                        () -> assertEquals("POST", client.stringAttribute("http.request.method")),
                        () -> assertEquals(200L, server.longAttribute("http.response.status_code")),
                        () -> assertEquals(105L, client.longAttribute("uds.request.bytes")),
                        () -> assertTrue(
                                server.stringAttribute("uds.response.preview").endsWith(answer)));
            }
            receiver.awaitSpans(ReceivedSpan.named("connect " + socket), 1, ARRIVAL);
            receiver.awaitSpans(ReceivedSpan.named("accept " + socket), 1, ARRIVAL);
        }
    }

    /** {@link NettyHttpWorkload} on a Netty {@code transport} from {@code classpath}, over TCP: no span but the marker's. */
    static void makesNoSpanForNettyOverTcp(int jdk, String classpath, String transport) {
        Path marker = TracedJvm.socketDirectory().resolve("marker.sock");
        String[] args = {"tcp", marker.toString(), String.valueOf(REQUESTS), transport};
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            String traced = run(traced(jdk, receiver, NettyHttpWorkload.class, classpath, args));
            String untraced = run(untraced(jdk, NettyHttpWorkload.class, classpath, args));
            assertEquals(checksum(untraced), checksum(traced));
            assertOnlyMarkerSpans(receiver, marker);
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void tracesLettuceSetAndGetToRedisServerOverItsUnixSocket(int jdk) {
        try (RedisServer redis = RedisServer.start(TracedJvm.socketDirectory());
                OtlpReceiver receiver = OtlpReceiver.start()) {
            String path = redis.socket.toString();
            String traced = run(traced(jdk, receiver, LettuceWorkload.class, LETTUCE, "unix", path));
            String untraced = run(untraced(jdk, LettuceWorkload.class, LETTUCE, "unix", path));
            assertEquals(checksum(untraced), checksum(traced), "the same values with and without the agent");

            List<ReceivedSpan> sets = receiver.awaitSpans(ReceivedSpan.named("SET"), 3, ARRIVAL);
            List<ReceivedSpan> gets = receiver.awaitSpans(ReceivedSpan.named("GET"), 3, ARRIVAL);
            assertEquals(3, sets.size(), ReceivedSpan.describeAll(receiver.spans()));
            assertEquals(3, gets.size(), ReceivedSpan.describeAll(receiver.spans()));
            for (ReceivedSpan span : List.of(sets.get(0), gets.get(0))) {
                assertAll(
                        span.describe(),
                        () -> assertEquals("CLIENT", span.kind()),
                        () -> assertEquals("redis", span.stringAttribute("db.system.name")),
                        () -> assertEquals(path, span.stringAttribute("server.address")),
                        () -> assertTrue(span.longAttribute("uds.peer.pid") > 0),
                        () -> assertTrue(
                                span.stringAttribute("uds.connection.id").matches("\\d+-\\d+")));
            }
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void makesNoSpanForLettuceOverTcp(int jdk) {
        Path marker = TracedJvm.socketDirectory().resolve("marker.sock");
        try (RedisServer redis = RedisServer.start(TracedJvm.socketDirectory());
                OtlpReceiver receiver = OtlpReceiver.start()) {
            String port = String.valueOf(redis.port);
            String traced = run(traced(jdk, receiver, LettuceWorkload.class, LETTUCE, "tcp", port, marker.toString()));
            String untraced = run(untraced(jdk, LettuceWorkload.class, LETTUCE, "tcp", port, marker.toString()));
            assertEquals(checksum(untraced), checksum(traced));
            assertOnlyMarkerSpans(receiver, marker);
        }
    }

    /** Once the marker's exchange arrived, so had every span of the run: none may be about another socket. */
    static void assertOnlyMarkerSpans(OtlpReceiver receiver, Path marker) {
        receiver.awaitSpans(ReceivedSpan.named("UDS " + marker), 2, ARRIVAL);
        for (ReceivedSpan span : receiver.spans()) {
            assertTrue(span.name().endsWith(" " + marker), ReceivedSpan.describeAll(receiver.spans()));
        }
    }

    static ChildJvm traced(int jdk, OtlpReceiver receiver, Class<?> main, String[] jars, String... args) {
        return traced(jdk, receiver, main, TracedJvm.jarsOf(jars), args);
    }

    static ChildJvm traced(int jdk, OtlpReceiver receiver, Class<?> main, String classpath, String... args) {
        return TracedJvm.withNativeAccess(
                jdk, TracedJvm.traced(jdk, receiver, main, args).classpath(classpath));
    }

    static ChildJvm untraced(int jdk, Class<?> main, String[] jars, String... args) {
        return untraced(jdk, main, TracedJvm.jarsOf(jars), args);
    }

    static ChildJvm untraced(int jdk, Class<?> main, String classpath, String... args) {
        return TracedJvm.withNativeAccess(
                jdk, TracedJvm.untraced(jdk, main, args).classpath(classpath));
    }

    /** Runs a workload to its end and answers its standard output. */
    static String run(ChildJvm jvm) {
        try (ChildProcess process = jvm.start()) {
            assertEquals(0, process.waitFor(WAIT), process.output());
            return process.stdout();
        }
    }

    static String checksum(String output) {
        Matcher matcher = CHECKSUM.matcher(output);
        assertTrue(matcher.find(), output);
        return matcher.group(1);
    }

    private static ReceivedSpan only(List<ReceivedSpan> spans, String kind, String path) {
        List<ReceivedSpan> found = spans.stream()
                .filter(ReceivedSpan.ofKind(kind).and(span -> path.equals(span.stringAttribute("url.path"))))
                .toList();
        assertEquals(1, found.size(), () -> kind + " " + path + "\n" + ReceivedSpan.describeAll(spans));
        return found.get(0);
    }
}
