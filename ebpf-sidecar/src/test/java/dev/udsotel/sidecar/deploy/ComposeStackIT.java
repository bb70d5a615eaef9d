package dev.udsotel.sidecar.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.ReceivedSpan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/docker-compose.yml on the local engine with Debian's docker-compose: the example application under the
 * agent and the sidecar watching its socket, their spans meeting in one OTLP receiver that stands in for Jaeger
 * (no registry here to pull it from). Docker 20.10 does not know CAP_BPF, so the documented fallback is used.
 */
class ComposeStackIT {
    private static final String PROJECT = "uds-otel-it";

    @TempDir
    Path dir;

    @BeforeAll
    static void images() throws Exception {
        LocalImages.build();
        Prerequisite.require(Shell.onPath("docker-compose"), "docker-compose is not installed");
    }

    @Test
    void spansFromTheAgentAndFromTheSidecarReachOneCollector() throws Exception {
        Path override = dir.resolve("compose-test.yml");
        try (var in = ComposeStackIT.class.getResourceAsStream("compose-test.yml")) {
            Files.write(override, in.readAllBytes());
        }
        String hostName = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            Map<String, String> env = new HashMap<>(Map.of(
                    "OTLP_ENDPOINT",
                    receiver.endpoint(),
                    "NODE_NAME",
                    hostName,
                    "UDS_TRACE_CAP_BPF",
                    "SYS_ADMIN",
                    "UDS_TRACE_CAP_PERFMON",
                    "SYS_PTRACE"));
            List<String> compose = List.of(
                    "docker-compose",
                    "-p",
                    PROJECT,
                    "-f",
                    LocalImages.DEPLOY.resolve("docker-compose.yml").toString(),
                    "-f",
                    override.toString());
            try {
                Shell.check(
                        env,
                        300,
                        concat(
                                compose,
                                "up",
                                "-d",
                                "--no-build",
                                "--no-deps",
                                "example-server",
                                "example-client",
                                "uds-trace"));
                List<ReceivedSpan> agent = receiver.awaitSpans(
                        ReceivedSpan.ofKind("CLIENT")
                                .and(s -> "dev.udsotel.agent".equals(s.scopeName()))
                                .and(s -> "example-client".equals(s.resourceAttribute("service.name"))),
                        1,
                        Duration.ofSeconds(120));
                List<ReceivedSpan> sidecar = receiver.awaitSpans(
                        ReceivedSpan.ofKind("SERVER")
                                .and(s -> "dev.udsotel.sidecar".equals(s.scopeName()))
                                .and(s -> "/sockets/app.sock".equals(s.stringAttribute("network.local.address"))),
                        1,
                        Duration.ofSeconds(120));
                ReceivedSpan seen = sidecar.get(0);
                assertEquals(hostName, seen.resourceAttribute("host.name"), seen.describe());
                assertTrue(
                        String.valueOf(seen.resourceAttribute("container.id")).matches("[0-9a-f]{64}"),
                        "the example server runs in a container: " + seen.describe());
                assertEquals(
                        "/sockets/app.sock",
                        agent.get(0).stringAttribute("server.address"),
                        agent.get(0).describe());
                String logs = Shell.check(env, 60, concat(compose, "logs", "--no-color", "uds-trace"));
                assertTrue(logs.contains("capturing AF_UNIX traffic on /sockets/*.sock"), logs);
            } finally {
                Shell.run(env, 300, concat(compose, "down", "-v", "-t", "5"));
            }
        }
    }

    private static List<String> concat(List<String> head, String... tail) {
        return java.util.stream.Stream.concat(head.stream(), java.util.Arrays.stream(tail))
                .toList();
    }
}
