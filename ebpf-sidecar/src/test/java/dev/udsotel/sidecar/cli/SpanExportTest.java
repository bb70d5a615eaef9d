package dev.udsotel.sidecar.cli;

import static dev.udsotel.sidecar.cli.Commands.await;
import static dev.udsotel.sidecar.cli.Commands.awaitFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.sidecar.bpf.BpfEnvironment;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.Prerequisite;
import dev.udsotel.testing.ReceivedSpan;
import dev.udsotel.testing.SystemPython;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spans from uds-trace reach a real OTLP endpoint, each process under its own resource. */
class SpanExportTest {
    @TempDir
    Path dir;

    @Test
    void sendsAClientAndAServerSpanPerExchangeWithOneResourcePerProcess() throws Exception {
        Optional<String> why = BpfEnvironment.unavailableReason();
        Prerequisite.requireNoReason(why, "eBPF capture");
        TestCgroup.enter();
        Path socket = dir.resolve("api.sock");
        ChildProcess server =
                Commands.background(SystemPython.PATH, "-c", Commands.PYTHON_UDS_HTTP_SERVER, socket.toString());
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            awaitFile(socket);
            Map<String, String> env = Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                    "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                    "OTEL_BSP_SCHEDULE_DELAY", "100");
            try (UdsTraceProcess cli = UdsTraceProcess.start(
                    dir, env, List.of(), TestCgroup.confined("-q", "--path", socket.toString()))) {
                await(() -> cli.stderr().contains("capturing AF_UNIX traffic") || !cli.isAlive(), "start");
                Commands.run("curl", "-sS", "--unix-socket", socket.toString(), "http://localhost/items/7");
                List<ReceivedSpan> client = receiver.awaitSpans(
                        ReceivedSpan.ofKind("CLIENT")
                                .and(s -> "curl".equals(s.resourceAttribute("process.executable.name"))),
                        1,
                        Duration.ofSeconds(30));
                List<ReceivedSpan> serverSpans = receiver.awaitSpans(
                        ReceivedSpan.ofKind("SERVER")
                                .and(s -> Long.valueOf(server.pid()).equals(s.resourceAttribute("process.pid"))),
                        1,
                        Duration.ofSeconds(30));
                assertEquals(0, cli.terminate());

                ReceivedSpan c = client.get(0);
                ReceivedSpan s = serverSpans.get(0);
                assertEquals("curl", c.resourceAttribute("service.name"));
                assertTrue(String.valueOf(s.resourceAttribute("service.name")).startsWith("python3"), s.describe());
                assertNotEquals(c.resourceAttribute("process.pid"), s.resourceAttribute("process.pid"));
                assertTrue(c.resourceAttribute("host.name") != null, c.describe());
                assertEquals("dev.udsotel.sidecar", c.scopeName());
                assertTrue(c.endEpochNanos() >= c.startEpochNanos(), c.describe());
            }
        } finally {
            Commands.stop(server);
            TestCgroup.leave();
        }
    }
}
