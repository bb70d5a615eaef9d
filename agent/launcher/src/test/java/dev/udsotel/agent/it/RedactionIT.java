package dev.udsotel.agent.it;

import static dev.udsotel.agent.it.TracedJvm.ARRIVAL;
import static dev.udsotel.agent.it.TracedJvm.WAIT;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.agent.it.workload.HttpCallWorkload;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.ReceivedSpan;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP requests carrying credentials in every place (bearer token, session cookie, API key header, query token, Basic
 * auth, form and JSON bodies), answered with a Set-Cookie, over a Unix socket; spans checked as the OTLP receiver got them.
 */
class RedactionIT {
    private static final List<String> SECRETS = HttpCallWorkload.SECRETS;

    private static final Map<Integer, List<ReceivedSpan>> DEFAULT_RUNS = new ConcurrentHashMap<>();

    /** One run with the default options per JDK, shared by the tests that only read its spans. */
    private static List<ReceivedSpan> traceWithDefaults(int jdk) {
        return DEFAULT_RUNS.computeIfAbsent(jdk, feature -> trace(feature, null));
    }

    private static List<ReceivedSpan> trace(int jdk, String options) {
        Path socket = TracedJvm.socketDirectory().resolve("http.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start();
                ChildProcess app = TracedJvm.traced(jdk, receiver, options, HttpCallWorkload.class, socket.toString())
                        .start()) {
            assertEquals(0, app.waitFor(WAIT), app.output());
            assertTrue(app.stdout().contains("status line: HTTP/1.1 200 OK"), app.output());
            int requests = 1 + HttpCallWorkload.MORE_REQUESTS.size();
            receiver.awaitSpans(
                    span -> span.kind().equals("CLIENT") && span.attribute("uds.request.bytes") != null,
                    requests,
                    ARRIVAL);
            receiver.awaitSpans(
                    span -> span.kind().equals("SERVER") && span.attribute("uds.request.bytes") != null,
                    requests,
                    ARRIVAL);
            return receiver.spans();
        }
    }

    private static boolean mentions(ReceivedSpan span, String secret) {
        return span.name().contains(secret)
                || span.attributes().values().stream()
                        .anyMatch(v -> String.valueOf(v).contains(secret));
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void neverExportsAuthorizationOrCookieValues(int jdk) {
        List<ReceivedSpan> spans = traceWithDefaults(jdk);
        for (ReceivedSpan span : spans) {
            for (String secret : SECRETS) {
                assertFalse(mentions(span, secret), secret + " leaked in " + span.describe());
            }
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void namesTheHttpExchangeByMethodAndPath(int jdk) {
        List<ReceivedSpan> spans = traceWithDefaults(jdk);
        for (String kind : List.of("CLIENT", "SERVER")) {
            ReceivedSpan span = spans.stream()
                    .filter(s -> s.kind().equals(kind) && s.name().contains("containers"))
                    .findFirst()
                    .orElseThrow();
            assertAll(
                    span.describe(),
                    () -> assertEquals("GET /v1.47/containers/json", span.name()),
                    () -> assertEquals("GET", span.stringAttribute("http.request.method")),
                    () -> assertEquals("/v1.47/containers/json", span.stringAttribute("url.path")),
                    () -> assertEquals(200L, span.longAttribute("http.response.status_code")),
                    () -> assertEquals(
                            (long) HttpCallWorkload.REQUEST.length(), span.longAttribute("uds.request.bytes")),
                    () -> assertEquals(
                            (long) HttpCallWorkload.RESPONSE.length(), span.longAttribute("uds.response.bytes")));
        }
    }

    /** The control: the workload really sends the secrets, and the agent really captures them when told to. */
    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void exportsTheCredentialsAsTheyAreOnlyWhenRedactionIsOff(int jdk) {
        List<ReceivedSpan> spans = trace(jdk, "redaction=off");
        for (String secret : SECRETS) {
            if (secret.equals(HttpCallWorkload.BASIC_PASSWORD)) {
                continue; // it travels base64-encoded, which SECRETS also holds
            }
            assertTrue(
                    spans.stream().anyMatch(span -> span.kind().equals("CLIENT") && mentions(span, secret)),
                    secret + " should show with redaction off");
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void saysWhereItRedacted(int jdk) {
        List<ReceivedSpan> spans = traceWithDefaults(jdk);
        long redacted = spans.stream()
                .filter(s -> s.kind().equals("CLIENT")
                        && s.attribute("uds.request.bytes") != null
                        && Boolean.TRUE.equals(s.attribute("uds.redacted")))
                .count();
        assertEquals(1 + HttpCallWorkload.MORE_REQUESTS.size(), redacted, "every exchange carried a secret");
        ReceivedSpan query = spans.stream()
                .filter(s -> s.kind().equals("CLIENT")
                        && "page=2&access_token=[REDACTED]".equals(s.stringAttribute("url.query")))
                .findFirst()
                .orElse(null);
        assertTrue(query != null, "url.query keeps the other parameters and replaces the token");
    }
}
