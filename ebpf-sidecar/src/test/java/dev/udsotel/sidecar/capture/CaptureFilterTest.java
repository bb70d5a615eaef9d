package dev.udsotel.sidecar.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.sidecar.bpf.BpfEnvironment;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.Prerequisite;
import dev.udsotel.testing.SystemPython;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The in-kernel filters: only the chosen process or cgroup reaches user space. */
class CaptureFilterTest {
    private static final Path CGROUP2 = Path.of("/sys/fs/cgroup/unified");

    /** Waits for a go line, then talks over a socketpair; a second, unfiltered python does the same. */
    private static final String TALKER = """
            import socket, sys
            sys.stdin.readline()
            a, b = socket.socketpair()
            a.send(sys.argv[1].encode()); b.recv(100)
            """;

    @Test
    void capturesOnlyTheTargetProcess() throws Exception {
        assumeCapture();
        String tag = UUID.randomUUID().toString();
        ChildProcess target = python(tag);
        ChildProcess other = python(tag);
        try (UdsCapture capture = UdsCapture.start(CaptureConfig.defaults().withTargetPid((int) target.pid()))) {
            go(target);
            go(other);
            List<Recorder.Captured> seen = new Recorder(capture)
                    .awaitUntil(
                            "the target's message",
                            all -> all.stream()
                                    .anyMatch(c -> c.raw().pid() == target.pid()
                                            && c.raw().isReceive()));
            other.waitFor(Duration.ofSeconds(30));
            capture.poll((raw, events) -> seen.add(new Recorder.Captured(raw, events)), Duration.ofMillis(200));
            assertTrue(seen.stream().allMatch(c -> c.raw().pid() == target.pid()), "only the target pid");
        } finally {
            target.close();
            other.close();
        }
    }

    @Test
    void capturesOnlyTheChosenCgroup() throws Exception {
        assumeCapture();
        Prerequisite.require(
                Files.exists(CGROUP2.resolve("cgroup.procs")), "no writable cgroup v2 hierarchy at " + CGROUP2);
        Path cgroup = CGROUP2.resolve("uds-otel-test-" + UUID.randomUUID());
        Files.createDirectory(cgroup);
        String tag = UUID.randomUUID().toString();
        ChildProcess inside = python(tag);
        ChildProcess outside = python(tag);
        try {
            Files.writeString(cgroup.resolve("cgroup.procs"), Long.toString(inside.pid()));
            try (UdsCapture capture = UdsCapture.start(CaptureConfig.defaults().withCgroup(cgroup))) {
                go(outside);
                outside.waitFor(Duration.ofSeconds(30));
                go(inside);
                Recorder recorder = new Recorder(capture);
                List<Recorder.Captured> seen = recorder.awaitUntil(
                        "the message inside the cgroup",
                        all -> all.stream()
                                .anyMatch(c -> c.raw().pid() == inside.pid()
                                        && c.raw().isReceive()
                                        && new String(c.raw().payload(), StandardCharsets.UTF_8).equals(tag)));
                assertEquals(
                        List.of(),
                        seen.stream()
                                .filter(c -> c.raw().pid() != inside.pid())
                                .map(Recorder.Captured::raw)
                                .toList(),
                        "records from outside the cgroup");
            }
        } finally {
            inside.close();
            outside.close();
            Files.deleteIfExists(cgroup);
        }
    }

    private static void assumeCapture() {
        var unavailable = BpfEnvironment.unavailableReason();
        Prerequisite.requireNoReason(unavailable, "eBPF capture");
        Prerequisite.requireCommands(SystemPython.PATH);
    }

    private static ChildProcess python(String tag) {
        return ChildProcess.command(SystemPython.PATH, "-c", TALKER, tag)
                .name("talker")
                .startInteractive();
    }

    private static void go(ChildProcess p) throws IOException {
        try (OutputStream out = p.stdin()) {
            out.write('\n');
        }
    }
}
