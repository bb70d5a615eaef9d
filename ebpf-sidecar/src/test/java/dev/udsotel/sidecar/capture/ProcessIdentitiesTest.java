package dev.udsotel.sidecar.capture;

import dev.udsotel.core.event.ProcessIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ProcessIdentitiesTest {
    private static final String CONTAINER = "3f4e1b2c9d8a7f6e5d4c3b2a19081726354433221100ffeeddccbbaa99887766";

    @TempDir
    Path proc;

    @Test
    void namesAContainerisedProcessByItsExecutableAndContainerId() throws Exception {
        Path dir = Files.createDirectories(proc.resolve("4242"));
        Files.createSymbolicLink(dir.resolve("exe"), Path.of("/usr/bin/redis-server"));
        Files.writeString(dir.resolve("cgroup"),
                "0::/system.slice/docker-" + CONTAINER + ".scope\n");
        ProcessIdentity identity = new ProcessIdentities(proc).identify(4242, "redis-server");
        assertEquals(4242, identity.pid());
        assertEquals("redis-server", identity.executableName());
        assertEquals(CONTAINER, identity.containerId());
    }

    @Test
    void fallsBackToTheRecordedCommForAProcessThatIsGone() {
        ProcessIdentity identity = new ProcessIdentities(proc).identify(777, "socat");
        assertEquals("socat", identity.executableName());
        assertNull(identity.containerId());
    }

    @Test
    void readsTheRealProcessOfThisJvm() {
        long self = ProcessHandle.current().pid();
        ProcessIdentity identity = new ProcessIdentities().identify((int) self, "java");
        assertEquals("java", identity.executableName());
    }
}
