package dev.udsotel.sidecar.cli;

import dev.udsotel.testing.Json;

import dev.udsotel.testing.SystemPython;

import static dev.udsotel.sidecar.cli.Commands.await;
import static dev.udsotel.sidecar.cli.Commands.awaitFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Descriptors and credentials passed over a Unix socket show in the live view and the JSON, at both ends. */
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
    /** Passes a file, a listening socket and a pipe's read end, then its own pid, uid and gid. */
    private static final String SENDER = """
            import os, socket, struct, sys
            f = open(sys.argv[2], 'w')
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            listener.bind(sys.argv[3])
            listener.listen()
            r, w = os.pipe()
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(sys.argv[1])
            socket.send_fds(s, [b'take these'], [f.fileno(), listener.fileno(), r])
            creds = struct.pack('3i', os.getpid(), os.getuid(), os.getgid())
            s.sendmsg([b'it is me'], [(socket.SOL_SOCKET, socket.SCM_CREDENTIALS, creds)])
            s.recv(1)
            """;

    @TempDir Path dir;

    @Test
    void aFileAListeningSocketAndAPipePassedWithScmRightsAreCountedAtBothEnds() throws Exception {
        Path socket = dir.resolve("handover.sock");
        Path json = dir.resolve("events.json");
        try (UdsTraceProcess cli = UdsTraceProcess.start(dir, TestCgroup.confined("--no-export", "--path", socket.toString(),
                "--json", json.toString()))) {
            await(() -> cli.stderr().contains("capturing AF_UNIX traffic"), "start");
            Process receiver = new ProcessBuilder(SystemPython.PATH, "-c", RECEIVER, socket.toString()).redirectErrorStream(true).start();
            awaitFile(socket);
            Process sender = Commands.background(SystemPython.PATH, "-c", SENDER, socket.toString(), dir.resolve("data.txt").toString(),
                    dir.resolve("listener.sock").toString());
            String received = new String(receiver.getInputStream().readAllBytes()).strip();
            assertEquals("3 1", received, "the receiver got three descriptors and one credentials message");
            Commands.stop(sender);
            await(() -> cli.stdout().lines().filter(l -> l.contains("[3 fds passed]")).count() == 2
                    && cli.stdout().lines().filter(l -> l.contains("[credentials]")).count() == 2, "both messages at both ends");
            assertEquals(0, cli.terminate());

            String live = cli.stdout();
            assertTrue(live.contains("-> " + socket + " 10 B \"take these\" [3 fds passed]"), live);
            assertTrue(live.contains("<- " + socket + " 10 B \"take these\" [3 fds passed]"), live);
            assertTrue(live.contains("-> " + socket + " 8 B \"it is me\" [credentials]"), live);
            List<Map<String, Object>> events = Files.readAllLines(json).stream().map(Json::object).toList();
            assertEquals(2, events.stream().filter(e -> Long.valueOf(3).equals(e.get("scm_rights_fds"))).count(), events.toString());
            assertEquals(2, events.stream().filter(e -> Boolean.TRUE.equals(e.get("scm_credentials"))).count(), events.toString());
        }
    }
}
