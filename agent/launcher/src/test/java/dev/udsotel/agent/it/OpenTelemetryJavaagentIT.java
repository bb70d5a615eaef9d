package dev.udsotel.agent.it;

import static dev.udsotel.agent.it.TracedJvm.ARRIVAL;
import static dev.udsotel.agent.it.TracedJvm.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.agent.it.workload.ZeroCodeApp;
import dev.udsotel.testing.ChildJvm;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.ReceivedSpan;
import dev.udsotel.testing.SystemPython;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A zero-code application (a Jetty HTTP server on TCP whose handler calls a Docker-like daemon on a Unix socket)
 * under the real OpenTelemetry Java agent from Maven Central and this one: the UDS spans are children of that agent's
 * server span, with its resource, in either {@code -javaagent} order and when this agent is attached later; the span of
 * an exchange still open at exit reaches that agent's exporter; with that agent's sampler off, nothing is recorded.
 */
class OpenTelemetryJavaagentIT {
    private static final int REQUESTS = 3;
    private static final String SERVICE = "zero-code-app";
    private static final String UDS_SCOPE = "dev.udsotel.agent";
    private static final Pattern PORT = Pattern.compile("port (\\d+)");
    /** The OpenTelemetry agent instruments thousands of classes at start: on a busy two-core machine, minutes. */
    private static final Duration START = Duration.ofMinutes(5);

    enum Start {
        OTEL_FIRST,
        UDS_FIRST,
        ATTACHED
    }

    @ParameterizedTest(name = "JDK {0}, {1}")
    @CsvSource({"17, OTEL_FIRST", "17, UDS_FIRST", "17, ATTACHED", "25, OTEL_FIRST", "25, UDS_FIRST", "25, ATTACHED"})
    void theUdsSpansAreChildrenOfTheJavaagentsServerSpansWithItsResource(int jdk, Start start) {
        Path socket = TracedJvm.socketDirectory().resolve("docker.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start();
                ChildProcess daemon = daemon(socket)) {
            ChildProcess app = app(jdk, start, receiver, socket, null, false);
            try (app) {
                serve(app, jdk, start);
                List<ReceivedSpan> clients =
                        receiver.awaitSpans(ReceivedSpan.named("GET /v1.47/version"), REQUESTS, ARRIVAL);
                List<ReceivedSpan> servers = receiver.awaitSpans(
                        ReceivedSpan.ofKind("SERVER").and(s -> !s.scopeName().equals(UDS_SCOPE)), REQUESTS, ARRIVAL);
                String all = ReceivedSpan.describeAll(receiver.spans());
                assertEquals(REQUESTS, clients.size(), all);
                assertEquals(REQUESTS, servers.size(), all);
                for (ReceivedSpan client : clients) {
                    ReceivedSpan server = servers.stream()
                            .filter(s -> s.traceId().equals(client.traceId()))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError(
                                    "no server span in the trace of " + client.describe() + "\n" + all));
                    assertTrue(client.isChildOf(server), client.describe() + "\n" + server.describe());
                    assertEquals(UDS_SCOPE, client.scopeName(), client.describe());
                    assertEquals("CLIENT", client.kind(), client.describe());
                    assertEquals(server.resourceAttributes(), client.resourceAttributes(), client.describe());
                    assertEquals(SERVICE, client.resourceAttribute("service.name"), client.describe());
                    assertNotNull(client.resourceAttribute("service.instance.id"), client.describe());
                    ReceivedSpan connect = receiver.spans().stream()
                            .filter(s -> s.name().equals("connect " + socket)
                                    && s.traceId().equals(server.traceId()))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError(all));
                    assertTrue(connect.isChildOf(server), connect.describe());
                }
                printTrace(jdk, start, servers.get(0), receiver.spans());
                app.stop(Duration.ofSeconds(30));
            }
            assertTrue(app.stderr().contains("spans went through the OpenTelemetry Java agent"), app.output());
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void withTheJavaagentsSamplerOffNothingIsRecorded(int jdk) {
        Path socket = TracedJvm.socketDirectory().resolve("docker.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start();
                ChildProcess daemon = daemon(socket)) {
            ChildProcess app = app(jdk, Start.OTEL_FIRST, receiver, socket, "always_off", false);
            try (app) {
                serve(app, jdk, Start.OTEL_FIRST);
                app.stop(Duration.ofSeconds(30));
            }
            assertTrue(
                    app.stderr()
                            .contains(REQUESTS + " exchanges not recorded because their parent span was not sampled;"
                                    + " 0 reads and writes and 0 connects and accepts recorded"),
                    app.output());
            assertFalse(
                    receiver.spans().stream().anyMatch(s -> s.scopeName().equals(UDS_SCOPE)),
                    ReceivedSpan.describeAll(receiver.spans()));
        }
    }

    /**
     * The application keeps one connection to the daemon, and no idle gap ends an exchange: the last one is still open
     * when the application is stopped, so its span is built in this agent's shutdown hook. It reaches the exporter
     * because the OpenTelemetry agent's SDK closes only after that hook's last span (JavaagentShutdown).
     */
    @ParameterizedTest(name = "JDK {0}, {1}")
    @CsvSource({"17, OTEL_FIRST", "25, UDS_FIRST"})
    void theSpanOfAnExchangeStillOpenAtExitReachesTheJavaagentsExporter(int jdk, Start start) {
        Path socket = TracedJvm.socketDirectory().resolve("docker.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start();
                ChildProcess daemon = daemon(socket)) {
            ChildProcess app = app(jdk, start, receiver, socket, null, true);
            try (app) {
                serve(app, jdk, start);
                app.stop(Duration.ofSeconds(30));
            }
            assertTrue(app.stderr().contains("spans went through the OpenTelemetry Java agent"), app.output());
            List<ReceivedSpan> clients =
                    receiver.awaitSpans(ReceivedSpan.named("GET /v1.47/version"), REQUESTS, ARRIVAL);
            String all = ReceivedSpan.describeAll(receiver.spans());
            assertEquals(REQUESTS, clients.size(), all);
            for (ReceivedSpan client : clients) {
                assertTrue(
                        receiver.spans().stream()
                                .anyMatch(s -> client.isChildOf(s)
                                        && s.kind().equals("SERVER")
                                        && !s.scopeName().equals(UDS_SCOPE)),
                        client.describe() + "\n" + all);
            }
        }
    }

    /** Starts the application and sends it the requests; returns once each was answered with the daemon's status. */
    private static void serve(ChildProcess app, int jdk, Start start) {
        Matcher port = PORT.matcher(app.awaitOutput("port ", START));
        assertTrue(port.find(), app.output());
        if (start == Start.ATTACHED) {
            assertEquals(
                    0,
                    AttachIT.agentCommand(17, "attach", String.valueOf(app.pid()))
                            .exitCode(),
                    app.output());
            app.awaitOutput("[uds-agent] tracing Unix domain sockets in pid " + app.pid() + " (attached)", WAIT);
        }
        for (int i = 0; i < REQUESTS; i++) {
            String answer = ChildProcess.command("curl", "-s", "http://127.0.0.1:" + port.group(1) + "/")
                    .run(WAIT)
                    .assertSuccess()
                    .stdout();
            assertEquals("HTTP/1.1 200 OK", answer.strip(), app.output());
        }
    }

    /** @param keepAlive one connection to the daemon for every request, and no idle gap: the last exchange stays open */
    private static ChildProcess app(
            int jdk, Start start, OtlpReceiver receiver, Path socket, String sampler, boolean keepAlive) {
        ChildJvm jvm = ChildJvm.on(jdk)
                .name("ZeroCodeApp-jdk" + jdk + "-" + start)
                .classpath(TracedJvm.WORKLOADS)
                .classpath(JettyKeepAliveIT.jettyJars());
        String options = keepAlive ? "idle.gap.ms=3600000" : null;
        if (start == Start.UDS_FIRST) {
            udsAgent(jvm, options);
        }
        jvm.javaAgent(javaagentJar());
        if (start == Start.OTEL_FIRST) {
            udsAgent(jvm, options);
        }
        if (start == Start.ATTACHED && jdk >= 21) {
            jvm.jvmArgument("-XX:+EnableDynamicAgentLoading");
        }
        jvm.env("OTEL_SERVICE_NAME", SERVICE)
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .env("OTEL_METRICS_EXPORTER", "none")
                .env("OTEL_LOGS_EXPORTER", "none")
                .env("OTEL_BSP_SCHEDULE_DELAY", "200")
                .systemProperty("slf4j.internal.verbosity", "ERROR")
                .mainClass(
                        ZeroCodeApp.class.getName(),
                        keepAlive ? new String[] {socket.toString(), "keep-alive"} : new String[] {socket.toString()});
        if (sampler != null) {
            jvm.env("OTEL_TRACES_SAMPLER", sampler);
        }
        return jvm.start();
    }

    private static void udsAgent(ChildJvm jvm, String options) {
        if (options == null) {
            jvm.javaAgent(TracedJvm.AGENT_JAR);
        } else {
            jvm.javaAgent(TracedJvm.AGENT_JAR, options);
        }
    }

    /** The OpenTelemetry Java agent jar, a test dependency from Maven Central. */
    private static Path javaagentJar() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("/opentelemetry-javaagent-") && entry.endsWith(".jar"))
                .map(Path::of)
                .findFirst()
                .orElseThrow(() -> new AssertionError("opentelemetry-javaagent not on the test class path"));
    }

    private static ChildProcess daemon(Path socket) {
        try (InputStream script = OpenTelemetryJavaagentIT.class.getResourceAsStream("docker_like_daemon.py")) {
            Path file = socket.resolveSibling("docker_like_daemon.py");
            Files.write(file, script.readAllBytes());
            ChildProcess daemon = ChildProcess.command(SystemPython.PATH, file.toString(), socket.toString())
                    .name("docker-like-daemon")
                    .start();
            daemon.awaitOutput("listening", WAIT);
            return daemon;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The trace as Jaeger shows it: the server span, and the UDS spans under it, with the resource they share. */
    private static void printTrace(int jdk, Start start, ReceivedSpan server, List<ReceivedSpan> spans) {
        StringBuilder text = new StringBuilder(String.format(
                "JDK %d, %s: trace %s, resource service.name=%s service.instance.id=%s%n",
                jdk,
                start,
                server.traceId(),
                server.resourceAttribute("service.name"),
                server.resourceAttribute("service.instance.id")));
        text.append(String.format(
                "  %s %s span %s (%s)%n", server.kind(), server.name(), server.spanId(), server.scopeName()));
        spans.stream()
                .filter(s -> s.traceId().equals(server.traceId()) && s.isChildOf(server))
                .sorted((a, b) -> Long.compare(a.startEpochNanos(), b.startEpochNanos()))
                .forEach(s -> text.append(String.format(
                        "  └─ %s %s span %s parent %s (%s, service.instance.id=%s) %.3f ms%n",
                        s.kind(),
                        s.name(),
                        s.spanId(),
                        s.parentSpanId(),
                        s.scopeName(),
                        s.resourceAttribute("service.instance.id"),
                        s.durationNanos() / 1e6)));
        System.out.print(text);
    }
}
