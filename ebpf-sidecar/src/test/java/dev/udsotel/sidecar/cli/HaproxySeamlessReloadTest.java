package dev.udsotel.sidecar.cli;

import static dev.udsotel.sidecar.cli.Commands.await;
import static dev.udsotel.sidecar.cli.Commands.awaitFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.testing.Prerequisite;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * HAProxy's seamless reload ({@code -x}): the new process asks the old one for its listeners over the stats socket,
 * and the old one hands them over with SCM_RIGHTS. Both ends show the listening TCP socket and the stats socket.
 */
@ExtendWith(CapturesInTestCgroup.class)
class HaproxySeamlessReloadTest {
    @TempDir
    Path dir;

    @Test
    void aReloadShowsTheListenersHandedOverAtBothEnds() throws Exception {
        Prerequisite.requireCommands("haproxy");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path stats = dir.resolve("stats.sock");
        Path pidFile = dir.resolve("haproxy.pid");
        Path config = dir.resolve("haproxy.cfg");
        Files.writeString(config, """
                global
                    stats socket %s mode 600 level admin expose-fd listeners
                defaults
                    mode tcp
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                frontend fe
                    bind 127.0.0.1:%d
                    default_backend be
                backend be
                    server s1 127.0.0.1:9
                """.formatted(stats, port));
        Commands.run("haproxy", "-f", config.toString(), "-D", "-p", pidFile.toString());
        long oldPid = pidOf(pidFile);
        try (UdsTraceProcess cli =
                UdsTraceProcess.start(dir, TestCgroup.confined("--no-export", "--comm", "haproxy"))) {
            await(() -> cli.stderr().contains("capturing AF_UNIX traffic"), "start");
            awaitFile(stats);
            String listenerInode = listeningInode(port);
            Commands.run(
                    "haproxy",
                    "-f",
                    config.toString(),
                    "-D",
                    "-p",
                    pidFile.toString(),
                    "-x",
                    stats.toString(),
                    "-sf",
                    Long.toString(oldPid));
            // haproxy binds its stats socket under a temporary name, then renames it: the kernel keeps the first
            String handover =
                    "[2 fds passed: socket inet stream inode " + listenerInode + ", socket unix stream " + stats;
            await(
                    () -> cli.stdout().lines().filter(l -> l.contains(handover)).count() == 2,
                    "the handover at both ends");
            assertEquals(0, cli.terminate());

            List<String> lines =
                    cli.stdout().lines().filter(l -> l.contains(handover)).toList();
            assertEquals(1, lines.stream().filter(l -> l.contains(" -> ")).count(), cli.stdout());
            assertEquals(1, lines.stream().filter(l -> l.contains(" <- ")).count(), cli.stdout());
            assertTrue(lines.stream().allMatch(l -> l.contains("/haproxy ")), cli.stdout());
        } finally {
            ProcessHandle.of(pidOf(pidFile)).ifPresent(ProcessHandle::destroy);
            ProcessHandle.of(oldPid).ifPresent(ProcessHandle::destroy);
        }
    }

    private static long pidOf(Path pidFile) throws Exception {
        awaitFile(pidFile);
        await(() -> readable(pidFile), "haproxy's pid file");
        return Long.parseLong(Files.readString(pidFile).strip());
    }

    private static boolean readable(Path pidFile) {
        try {
            return !Files.readString(pidFile).isBlank();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The inode of the TCP socket listening on 127.0.0.1:port, from /proc/net/tcp. */
    private static String listeningInode(int port) throws Exception {
        String local = "0100007F:" + String.format(Locale.ROOT, "%04X", port);
        return Files.readAllLines(Path.of("/proc/net/tcp")).stream()
                .map(String::strip)
                .map(l -> l.split("\\s+"))
                .filter(f -> f[1].equals(local) && f[3].equals("0A"))
                .map(f -> f[9])
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing listens on " + local));
    }
}
