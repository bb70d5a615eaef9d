package dev.udsotel.sidecar.cli;

import static dev.udsotel.sidecar.cli.Commands.await;
import static dev.udsotel.sidecar.cli.Commands.awaitFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.Json;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.ReceivedEvent;
import dev.udsotel.testing.ReceivedSpan;
import dev.udsotel.testing.SystemPython;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Descriptors and credentials passed over a Unix socket, described as the kernel saw them, show in the live view, the
 * JSON and the spans, at both ends.
 */
@ExtendWith(CapturesInTestCgroup.class)
class PassedDescriptorsTest {
    /** Receives one message with descriptors, then, with SO_PASSCRED on, one with credentials. */
    private static final String RECEIVER = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.bind(sys.argv[1])
            s.listen()
            c, _ = s.accept()
            msg, fds, _, _ = socket.recv_fds(c, 100, 8)
            c.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
            msg, anc, _, _ = c.recvmsg(100, socket.CMSG_SPACE(12))
            print(len(fds), len(anc), flush=True)
            """;
    /**
     * Passes a file, a listening socket, a pipe's read end, a memfd and an eventfd (one more than the probe describes),
     * then its own pid, uid and gid. Writes the inodes it passed first, so the test knows what to expect.
     */
    private static final String SENDER = """
            import os, socket, struct, sys
            f = open(sys.argv[2], 'w')
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            listener.bind(sys.argv[3])
            listener.listen()
            r, w = os.pipe()
            memfd = os.memfd_create('handover')
            eventfd = os.eventfd(0)
            with open(sys.argv[4] + '.tmp', 'w') as out:
                print(os.getpid(), os.getuid(), os.getgid(), os.fstat(listener.fileno()).st_ino, os.fstat(r).st_ino, file=out)
            os.rename(sys.argv[4] + '.tmp', sys.argv[4])
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(sys.argv[1])
            socket.send_fds(s, [b'take these'], [f.fileno(), listener.fileno(), r, memfd, eventfd])
            creds = struct.pack('3i', os.getpid(), os.getuid(), os.getgid())
            s.sendmsg([b'it is me'], [(socket.SOL_SOCKET, socket.SCM_CREDENTIALS, creds)])
            s.recv(1)
            """;

    @TempDir
    Path dir;

    @Test
    void aFileASocketAPipeAndAMemfdPassedWithScmRightsAndCredentialsAreDescribedInEveryOutputAtBothEnds()
            throws Exception {
        Path socket = dir.resolve("handover.sock");
        Path listener = dir.resolve("listener.sock");
        Path json = dir.resolve("events.json");
        Path sent = dir.resolve("sent.txt");
        try (OtlpReceiver otlp = OtlpReceiver.start();
                UdsTraceProcess cli = UdsTraceProcess.start(
                        dir,
                        Map.of(
                                "OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint(),
                                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                                "OTEL_BSP_SCHEDULE_DELAY", "100"),
                        List.of(),
                        TestCgroup.confined("--path", socket.toString(), "--json", json.toString()))) {
            await(() -> cli.stderr().contains("capturing AF_UNIX traffic"), "start");
            ChildProcess receiver = ChildProcess.command(SystemPython.PATH, "-c", RECEIVER, socket.toString())
                    .name("receiver")
                    .start();
            awaitFile(socket);
            ChildProcess sender = Commands.background(
                    SystemPython.PATH,
                    "-c",
                    SENDER,
                    socket.toString(),
                    dir.resolve("data.txt").toString(),
                    listener.toString(),
                    sent.toString());
            receiver.waitFor(Duration.ofSeconds(60));
            String received = receiver.stdout().strip();
            assertEquals(
                    "5 1",
                    received,
                    "the receiver got five descriptors and one credentials message\n" + receiver.output());
            String[] ids = Files.readString(sent).strip().split(" ");
            String pid = ids[0], uid = ids[1], gid = ids[2], listenerInode = ids[3], pipeInode = ids[4];
            Commands.stop(sender);

            String fds = "[5 fds passed: file data.txt, socket unix stream " + listener + " inode " + listenerInode
                    + ", pipe inode " + pipeInode + ", memfd:handover, 1 more]";
            String credentials = "[credentials pid " + pid + " uid " + uid + " gid " + gid + "]";
            await(
                    () -> cli.stdout().lines().filter(l -> l.contains(fds)).count() == 2
                            && cli.stdout()
                                            .lines()
                                            .filter(l -> l.contains(credentials))
                                            .count()
                                    == 2,
                    "both messages at both ends");
            List<ReceivedSpan> spans =
                    otlp.awaitSpans(s -> s.hasAttribute("uds.fds_passed", 5L), 2, Duration.ofSeconds(30));
            assertEquals(0, cli.terminate());

            String live = cli.stdout();
            assertTrue(live.contains("-> " + socket + " 10 B \"take these\" " + fds), live);
            assertTrue(live.contains("<- " + socket + " 10 B \"take these\" " + fds), live);
            assertTrue(live.contains("-> " + socket + " 8 B \"it is me\" " + credentials), live);
            assertTrue(live.contains("<- " + socket + " 8 B \"it is me\" " + credentials), live);

            List<Map<String, Object>> events =
                    Files.readAllLines(json).stream().map(Json::object).toList();
            List<Map<String, Object>> withFds = events.stream()
                    .filter(e -> Long.valueOf(5).equals(e.get("scm_rights_fds")))
                    .toList();
            assertEquals(2, withFds.size(), events.toString());
            for (Map<String, Object> e : withFds) {
                List<?> described = (List<?>) e.get("passed_fds");
                assertEquals(
                        List.of("file", "socket", "pipe", "memfd"),
                        described.stream().map(d -> ((Map<?, ?>) d).get("type")).toList(),
                        e.toString());
                assertEquals(
                        List.of("data.txt", listener.toString(), "", "memfd:handover"),
                        described.stream().map(d -> ((Map<?, ?>) d).get("name")).toList(),
                        e.toString());
                Map<?, ?> socketFd = (Map<?, ?>) described.get(1);
                assertEquals(Long.valueOf(listenerInode), socketFd.get("inode"), e.toString());
                assertEquals("unix", socketFd.get("socket_family"), e.toString());
                assertEquals(Long.valueOf(pipeInode), ((Map<?, ?>) described.get(2)).get("inode"), e.toString());
            }
            List<Map<String, Object>> withCredentials = events.stream()
                    .filter(e -> Boolean.TRUE.equals(e.get("scm_credentials")))
                    .toList();
            assertEquals(2, withCredentials.size(), events.toString());
            for (Map<String, Object> e : withCredentials) {
                assertEquals(
                        Map.of("pid", Long.valueOf(pid), "uid", Long.valueOf(uid), "gid", Long.valueOf(gid)),
                        e.get("credentials"),
                        e.toString());
            }

            for (ReceivedSpan span : spans) {
                String direction = span.kind().equals("CLIENT") ? "transmit" : "receive";
                List<ReceivedEvent> passed = span.events("uds.fd_passed");
                assertEquals(
                        List.of("file", "socket", "pipe", "memfd"),
                        passed.stream().map(e -> e.attribute("uds.fd.type")).toList(),
                        span.describe());
                assertEquals(
                        List.of("data.txt", listener.toString(), "memfd:handover"),
                        passed.stream()
                                .map(e -> e.attribute("uds.fd.name"))
                                .filter(n -> n != null)
                                .toList(),
                        span.describe());
                assertEquals(Long.valueOf(listenerInode), passed.get(1).attribute("uds.fd.inode"), span.describe());
                assertEquals("unix", passed.get(1).attribute("uds.fd.socket.family"), span.describe());
                assertEquals(Long.valueOf(pipeInode), passed.get(2).attribute("uds.fd.inode"), span.describe());
                assertTrue(
                        passed.stream()
                                .allMatch(e -> Long.valueOf(5).equals(e.attribute("uds.fd.count"))
                                        && direction.equals(e.attribute("network.io.direction"))),
                        span.describe());
                List<ReceivedEvent> creds = span.events("uds.credentials_passed");
                assertEquals(1, creds.size(), span.describe());
                assertEquals(Long.valueOf(pid), creds.get(0).attribute("uds.credentials.pid"), span.describe());
                assertEquals(Long.valueOf(uid), creds.get(0).attribute("uds.credentials.uid"), span.describe());
                assertEquals(Long.valueOf(gid), creds.get(0).attribute("uds.credentials.gid"), span.describe());
            }
            assertEquals(
                    List.of("CLIENT", "SERVER"),
                    spans.stream().map(ReceivedSpan::kind).sorted().toList(),
                    ReceivedSpan.describeAll(spans));
        }
    }
}
