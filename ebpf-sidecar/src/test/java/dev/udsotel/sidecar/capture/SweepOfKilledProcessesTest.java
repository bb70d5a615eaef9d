package dev.udsotel.sidecar.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.udsotel.sidecar.bpf.BpfEnvironment;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.Prerequisite;
import dev.udsotel.testing.SystemPython;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A process killed with its socket open never calls close(): the capture forgets its sockets once enough new
 * connections have come along to trigger the sweep of exited processes.
 */
class SweepOfKilledProcessesTest {
    private static final Path CGROUP2 = Path.of("/sys/fs/cgroup/unified");
    private static final String HOLDING_SERVER = """
            import socket, sys
            srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            srv.bind(sys.argv[1])
            srv.listen(8)
            c, _ = srv.accept()
            while c.recv(4096):
                pass
            c.close()
            """;

    @Test
    void forgetsTheSocketsOfAKilledClientOnceNewConnectionsTriggerTheSweep() throws Exception {
        Optional<String> why = BpfEnvironment.unavailableReason();
        Prerequisite.requireNoReason(why, "eBPF capture");
        Prerequisite.require(
                Files.exists(CGROUP2.resolve("cgroup.procs")), "no writable cgroup v2 hierarchy at " + CGROUP2);
        Path cgroup = Files.createDirectory(CGROUP2.resolve("uds-otel-sweep-" + UUID.randomUUID()));
        Path dir = Files.createTempDirectory("uds-sweep");
        String held = dir.resolve("held.sock").toString();
        try (UdsCapture capture = UdsCapture.start(CaptureConfig.defaults().withCgroup(cgroup))) {
            Recorder recorder = new Recorder(capture);
            ChildProcess server = inCgroup(cgroup, HOLDING_SERVER, held);
            RealProcesses.awaitListening(held);
            ChildProcess killed = inCgroup(cgroup, PythonPeers.KILLED_CLIENT, held);
            assertEquals(128 + 9, killed.waitFor(Duration.ofSeconds(30)), "the client died of SIGKILL");
            int pid = (int) killed.pid();
            recorder.awaitUntil(
                    "the killed client's write", all -> !recorder.ofPid(pid).isEmpty());
            server.waitFor(Duration.ofSeconds(30));
            recorder.awaitUntil(
                    "the server's close",
                    all -> recorder.ofPid(server.pid()).stream()
                            .anyMatch(c -> c.raw().kindName().equals("close")));
            assertEquals(1, capture.trackedSocketsOf(pid), "the killed client's socket, never closed");

            ChildProcess traffic = inCgroup(
                    cgroup,
                    PythonPeers.SHORT_CONNECTIONS,
                    dir.resolve("short.sock").toString(),
                    "2500");
            traffic.waitFor(Duration.ofSeconds(120));
            recorder.awaitUntil(
                    "the sweep to drop the killed client's socket", all -> capture.trackedSocketsOf(pid) == 0);
            assertEquals(0, capture.trackedSocketsOf(pid));
        } finally {
            Files.deleteIfExists(dir.resolve("held.sock"));
            Files.deleteIfExists(dir.resolve("short.sock"));
            Files.deleteIfExists(dir);
            Thread.sleep(200);
            Files.deleteIfExists(cgroup);
        }
    }

    /** Starts python3 inside the cgroup, from its first instruction. */
    private static ChildProcess inCgroup(Path cgroup, String program, String... args) {
        List<String> command = new ArrayList<>(List.of(SystemPython.PATH, "-c", program));
        command.addAll(List.of(args));
        return ChildProcess.command(command).name("python").inCgroup(cgroup).start();
    }
}
