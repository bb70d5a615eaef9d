package dev.udsotel.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.testing.ChildProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessIdentitiesTest {
    private static final String CONTAINER = "3f4e1b2c9d8a7f6e5d4c3b2a19081726354433221100ffeeddccbbaa99887766";

    @TempDir
    Path proc;

    @Test
    void namesAContainerisedProcessByItsExecutableAndContainerId() throws Exception {
        Path dir = Files.createDirectories(proc.resolve("4242"));
        Files.createSymbolicLink(dir.resolve("exe"), Path.of("/usr/bin/redis-server"));
        Files.writeString(dir.resolve("cgroup"), "0::/system.slice/docker-" + CONTAINER + ".scope\n");
        ProcessIdentity identity = new ProcessIdentities(proc).identify(4242, "redis-server");
        assertEquals(4242, identity.pid());
        assertEquals("redis-server", identity.executableName());
        assertEquals("redis-server", identity.serviceName());
        assertEquals(CONTAINER, identity.containerId());
    }

    @Test
    void fallsBackToTheRecordedCommForAProcessThatIsGone() {
        ProcessIdentity identity = new ProcessIdentities(proc).identify(777, "socat");
        assertEquals("socat", identity.executableName());
        assertNull(identity.containerId());
    }

    @Test
    void namesTheServiceAfterWhatARealRedisServerWasStartedAsAndTheExecutableAfterItsFile() throws Exception {
        Path socket = proc.resolve("redis.sock");
        try (ChildProcess redis = ChildProcess.command(
                        "redis-server",
                        "--port",
                        "0",
                        "--unixsocket",
                        socket.toString(),
                        "--save",
                        "",
                        "--appendonly",
                        "no")
                .start()) {
            awaitTitle(redis.pid(), "redis-server");
            Path exe = Files.readSymbolicLink(Path.of("/proc", Long.toString(redis.pid()), "exe"));
            ProcessIdentity identity = new ProcessIdentities().identify((int) redis.pid(), "redis-server");
            assertEquals("redis-server", identity.serviceName());
            assertEquals(exe.getFileName().toString(), identity.executableName());
        }
    }

    @Test
    void cutsARewrittenProcessTitleAtItsFirstSpaceButKeepsSpacesInsideAPath() {
        assertEquals(Optional.of("redis-server"), ProcessIdentities.commandName(cmdline("redis-server *:0")));
        assertEquals(
                Optional.of("redis-server"),
                ProcessIdentities.commandName(cmdline("/usr/bin/redis-server unixsocket:/run/redis.sock")));
        assertEquals(
                Optional.of("nginx"),
                ProcessIdentities.commandName(cmdline("nginx: master process /usr/sbin/nginx -g daemon off;")));
        assertEquals(Optional.of("postgres"), ProcessIdentities.commandName(cmdline("postgres: walwriter ")));
        assertEquals(Optional.of("app"), ProcessIdentities.commandName(cmdline("/opt/My App/bin/app", "--flag")));
        assertEquals(
                Optional.of("java"), ProcessIdentities.commandName(cmdline("/usr/lib/jvm/jdk/bin/java", "-jar", "x")));
        assertEquals(Optional.empty(), ProcessIdentities.commandName(new byte[0]));
    }

    @Test
    void fallsBackToTheCommWhenTheCommandLineIsEmpty() throws Exception {
        Path dir = Files.createDirectories(proc.resolve("4343"));
        Files.write(dir.resolve("cmdline"), new byte[0]);
        ProcessIdentity identity = new ProcessIdentities(proc).identify(4343, "kworker/0:1");
        assertEquals("kworker/0:1", identity.serviceName());
    }

    @Test
    void readsTheRealProcessOfThisJvm() {
        long self = ProcessHandle.current().pid();
        ProcessIdentity identity = new ProcessIdentities().identify((int) self, "java");
        assertEquals("java", identity.executableName());
    }

    private static byte[] cmdline(String... argv) {
        return (String.join("\0", argv) + "\0").getBytes(StandardCharsets.UTF_8);
    }

    /** redis-server rewrites its argv[0] once it runs; wait for that so the test sees the rewritten title. */
    private static void awaitTitle(long pid, String prefix) throws Exception {
        Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
        Awaitility.await("redis-server to set its title")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).startsWith(prefix + " "));
    }
}
