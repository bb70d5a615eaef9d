package dev.udsotel.sidecar.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.testing.Prerequisite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --cgroup takes a cgroup v2 directory, and says so rather than capturing nothing from any other directory. */
class CgroupDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void refusesADirectoryThatIsNotACgroupEvenWithACgroupProcsFileWrittenIntoIt() throws Exception {
        Files.writeString(dir.resolve("cgroup.procs"), "1234");
        IOException e =
                assertThrows(IOException.class, () -> CaptureConfig.defaults().withCgroup(dir));
        assertTrue(e.getMessage().contains("not a cgroup v2 directory"), e.getMessage());
    }

    @Test
    void takesARealCgroupV2DirectoryByItsInodeNumber() throws Exception {
        Path hierarchy = List.of(Path.of("/sys/fs/cgroup/unified"), Path.of("/sys/fs/cgroup")).stream()
                .filter(p -> Files.isRegularFile(p.resolve("cgroup.controllers")))
                .findFirst()
                .orElse(null);
        Prerequisite.require(hierarchy != null, "no cgroup v2 hierarchy mounted here");
        long inode = ((Number) Files.getAttribute(hierarchy, "unix:ino")).longValue();
        assertEquals(inode, CaptureConfig.defaults().withCgroup(hierarchy).cgroupId());
    }
}
