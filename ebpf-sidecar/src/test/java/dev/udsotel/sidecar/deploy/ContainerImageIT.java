package dev.udsotel.sidecar.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.sidecar.cli.Commands;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.ReceivedSpan;
import dev.udsotel.testing.SystemPython;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar's image, built here from a local base, run on real engines against real traffic on the host: on
 * Docker 20.10 with its documented fallback capability, and with only CAP_BPF and CAP_PERFMON under podman.
 * Never --privileged.
 */
class ContainerImageIT {
    private static final String[] SIDECAR_MOUNTS = {
        "--read-only",
        "--tmpfs",
        "/tmp",
        "-v",
        "/sys/kernel/btf:/sys/kernel/btf:ro",
        "-v",
        "/sys/kernel/tracing:/sys/kernel/tracing:ro",
    };

    @TempDir
    Path dir;

    @BeforeAll
    static void images() throws Exception {
        LocalImages.build();
    }

    @Test
    void onDocker2010TheImageCapturesHostTrafficWithoutALiveViewAndExportsUnderTheHostsName() throws Exception {
        String name = "uds-trace-it-" + ProcessHandle.current().pid();
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            List<String> run = new ArrayList<>(List.of(
                    "docker",
                    "run",
                    "-d",
                    "--name",
                    name,
                    "--pid",
                    "host",
                    "--uts",
                    "host",
                    "--network",
                    "host",
                    "--cap-drop",
                    "ALL",
                    "--cap-add",
                    "SYS_ADMIN"));
            run.addAll(List.of(SIDECAR_MOUNTS));
            run.addAll(exportTo(receiver));
            run.addAll(List.of(LocalImages.SIDECAR, "-q", "--status-interval", "1", "--path", dir + "/*.sock"));
            try {
                Shell.check(Map.of(), 120, run.toArray(String[]::new));
                List<ReceivedSpan> spans = curlThroughAServer(receiver, () -> logs("docker", name));
                assertEquals(
                        hostName(),
                        spans.get(0).resourceAttribute("host.name"),
                        spans.get(0).describe());
                // a status line comes every second: stopping sooner than that would leave none to check
                org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> logs("docker", name)
                                .lines()
                                .anyMatch(l -> l.matches("uds-trace: \\d+s: \\d+ messages, .*")));
                Shell.check("docker", "stop", name);
                String logs = logs("docker", name);
                assertTrue(
                        logs.lines().anyMatch(l -> l.matches("uds-trace: \\d+s: \\d+ messages, .*")),
                        "status lines:\n" + logs);
                assertTrue(
                        logs.contains("messages, ") && logs.contains("PID  COMMAND"), "the summary on stop:\n" + logs);
                assertTrue(
                        logs.lines().noneMatch(l -> l.contains(" -> ") || l.contains(" <- ")),
                        "no live view:\n" + logs);
            } finally {
                Shell.run(Map.of(), 60, List.of("docker", "rm", "-f", name));
            }
        }
    }

    @Test
    void underPodmanOnlyCapBpfAndCapPerfmonAreNeeded() throws Exception {
        Prerequisite.require(Shell.onPath("podman"), "podman is not installed");
        if (Shell.run(Map.of(), 60, List.of("podman", "image", "exists", LocalImages.SIDECAR))
                                .exitCode()
                        != 0
                || !sameImage()) {
            Shell.check(Map.of(), 600, "sh", "-c", "docker save " + LocalImages.SIDECAR + " | podman load -q");
        }
        Path seccomp = dir.resolve("uds-trace-seccomp.json");
        Files.writeString(
                seccomp,
                Shell.check(LocalImages.DEPLOY.resolve("bpf-seccomp-profile.py").toString()));
        String name = "uds-trace-least-" + ProcessHandle.current().pid();
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            List<String> run = new ArrayList<>(List.of(
                    "podman",
                    "run",
                    "-d",
                    "--name",
                    name,
                    "--pid",
                    "host",
                    "--network",
                    "host",
                    "--cap-drop",
                    "all",
                    "--cap-add",
                    "BPF,PERFMON",
                    "--security-opt",
                    "seccomp=" + seccomp,
                    // podman raises both to 1048576 by default, which needs CAP_SYS_RESOURCE; keep the host's own
                    "--ulimit",
                    "nofile=4096:4096",
                    "--ulimit",
                    "nproc=4096:4096"));
            run.addAll(List.of(SIDECAR_MOUNTS));
            run.addAll(exportTo(receiver));
            run.addAll(List.of(LocalImages.SIDECAR, "-q", "--status-interval", "1", "--path", dir + "/*.sock"));
            try {
                Shell.check(Map.of(), 120, run.toArray(String[]::new));
                assertEquals(
                        "[CAP_BPF CAP_PERFMON]",
                        Shell.check("podman", "inspect", "--format", "{{.EffectiveCaps}}", name)
                                .strip());
                curlThroughAServer(receiver, () -> logs("podman", name));
                Shell.check("podman", "stop", name);
                assertTrue(logs("podman", name).contains("PID  COMMAND"), logs("podman", name));
            } finally {
                Shell.run(Map.of(), 60, List.of("podman", "rm", "-f", name));
            }
        }
    }

    /** Drives curl against a Python HTTP server on a socket under dir until the sidecar's spans for it arrive. */
    private List<ReceivedSpan> curlThroughAServer(OtlpReceiver receiver, Logs logs) throws Exception {
        Path socket = dir.resolve("api.sock");
        try (ChildProcess server = ChildProcess.command(
                        SystemPython.PATH, "-c", Commands.PYTHON_UDS_HTTP_SERVER, socket.toString())
                .name("http-server")
                .start()) {
            Awaitility.await("the sidecar to start and the server to listen")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertTrue(
                            Files.exists(socket) && logs.read().contains("capturing AF_UNIX traffic"),
                            "the sidecar's log, and the server's output:\n" + logs.read() + "\n" + server.output()));
            Shell.check("curl", "-sS", "--unix-socket", socket.toString(), "http://localhost/items/7");
            return receiver.awaitSpans(
                    ReceivedSpan.ofKind("CLIENT")
                            .and(s -> "curl".equals(s.resourceAttribute("process.executable.name")))
                            .and(s -> "dev.udsotel.sidecar".equals(s.scopeName())),
                    1,
                    Duration.ofSeconds(60));
        }
    }

    private static List<String> exportTo(OtlpReceiver receiver) {
        return List.of(
                "-e",
                "OTEL_EXPORTER_OTLP_ENDPOINT=" + receiver.endpoint(),
                "-e",
                "OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
                "-e",
                "OTEL_BSP_SCHEDULE_DELAY=100");
    }

    private static boolean sameImage() throws IOException, InterruptedException {
        String docker = Shell.check("docker", "image", "inspect", "--format", "{{.Id}}", LocalImages.SIDECAR)
                .strip();
        String podman = Shell.check("podman", "image", "inspect", "--format", "{{.Id}}", LocalImages.SIDECAR)
                .strip();
        return docker.endsWith(podman);
    }

    private static String logs(String engine, String name) throws IOException, InterruptedException {
        return Shell.check(engine, "logs", name);
    }

    private static String hostName() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    }

    @FunctionalInterface
    private interface Logs {
        String read() throws IOException, InterruptedException;
    }
}
