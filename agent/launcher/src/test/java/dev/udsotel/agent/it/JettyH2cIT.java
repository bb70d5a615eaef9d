package dev.udsotel.agent.it;

import static dev.udsotel.agent.it.TracedJvm.ARRIVAL;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.agent.it.workload.JettyH2cWorkload;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.Prerequisite;
import dev.udsotel.testing.ReceivedSpan;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Jetty 12's HTTP/2 cleartext server on a Unix socket under the agent, on JDK 17 and 25, with curl
 * ({@code --http2-prior-knowledge --unix-socket}) as the client: each request is one SERVER span named
 * {@code {method} {path}} with its status, no span for the connection's control frames, the bytes are the same as
 * without the agent, and the bearer token reaches no span.
 */
class JettyH2cIT {
    private static final String[] JETTY = {"/org/eclipse/jetty/", "/org/slf4j/"};
    private static final String TOKEN = "jetty-h2c-b3arer-s3cret";
    private static final int REQUESTS = 3;

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void eachH2cRequestToJettyIsOneServerSpanWithMethodPathAndStatus(int jdk) {
        Prerequisite.requireCommands("curl");
        Path socket = TracedJvm.socketDirectory().resolve("h2c.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            String[] args = {socket.toString(), String.valueOf(REQUESTS), TOKEN};
            String traced = NettyEpollIT.run(NettyEpollIT.traced(jdk, receiver, JettyH2cWorkload.class, JETTY, args));
            String untraced = NettyEpollIT.run(NettyEpollIT.untraced(jdk, JettyH2cWorkload.class, JETTY, args));
            assertEquals(
                    NettyEpollIT.checksum(untraced),
                    NettyEpollIT.checksum(traced),
                    "the same bytes with and without the agent");
            assertTrue(
                    traced.contains("/items/0 200 2") && traced.contains("/missing 404 2"),
                    "curl spoke HTTP/2: " + traced);

            List<ReceivedSpan> spans = receiver
                    .awaitSpans(
                            ReceivedSpan.ofKind("SERVER").and(s -> "http2".equals(s.stringAttribute("uds.protocol"))),
                            REQUESTS + 1,
                            ARRIVAL)
                    .stream()
                    .sorted(Comparator.comparingLong(ReceivedSpan::startEpochNanos))
                    .toList();
            assertEquals(
                    List.of("GET /items/0", "GET /items/1", "GET /items/2", "GET /missing"),
                    spans.stream().map(ReceivedSpan::name).toList(),
                    ReceivedSpan.describeAll(receiver.spans()));
            for (ReceivedSpan span : spans) {
                boolean missing = span.name().equals("GET /missing");
                assertAll(
                        span.describe(),
                        () -> assertEquals("GET", span.stringAttribute("http.request.method")),
                        () -> assertEquals(span.name().substring(4), span.stringAttribute("url.path")),
                        () -> assertEquals(missing ? 404L : 200L, span.longAttribute("http.response.status_code")),
                        () -> assertEquals("2", span.stringAttribute("network.protocol.version")),
                        () -> assertEquals(socket.toString(), span.stringAttribute("network.local.address")),
                        () -> assertEquals("unix", span.stringAttribute("network.transport")),
                        () -> assertTrue(
                                span.stringAttribute("uds.request.preview").contains("authorization: [REDACTED]")));
            }
            assertTrue(
                    receiver.spans().stream().noneMatch(s -> s.name().startsWith("UDS ")),
                    "no span for SETTINGS, PING or WINDOW_UPDATE: " + ReceivedSpan.describeAll(receiver.spans()));
            assertFalse(ReceivedSpan.describeAll(receiver.spans()).contains(TOKEN), "the bearer token reaches no span");
        }
    }
}
