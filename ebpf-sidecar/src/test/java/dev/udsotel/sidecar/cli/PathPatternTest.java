package dev.udsotel.sidecar.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathPatternTest {
    @TempDir
    Path dir;

    @Test
    void aSocketNamedThroughASymlinkedDirectoryMatchesItsRealPath() throws Exception {
        Path real = Files.createDirectory(dir.resolve("run"));
        Path link = Files.createSymbolicLink(dir.resolve("var-run"), real);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(real.resolve("docker.sock")));
            PathPattern viaLink = PathPattern.of(link.resolve("docker.sock").toString());
            assertTrue(viaLink.matches(real.toRealPath().resolve("docker.sock").toString()));
            assertTrue(viaLink.matches(link.resolve("docker.sock").toString()));
            assertFalse(viaLink.matches(real.toRealPath().resolve("other.sock").toString()));
        }
    }

    @Test
    void aGlobUnderASymlinkedDirectoryMatchesSocketsInTheRealDirectory() throws Exception {
        Path real = Files.createDirectory(dir.resolve("sockets"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        PathPattern glob = PathPattern.of(link + "/*.sock");
        assertTrue(glob.matches(real.toRealPath() + "/redis.sock"));
        assertFalse(glob.matches(real.toRealPath() + "/deeper/redis.sock"), "* stays within one directory");
        assertTrue(PathPattern.of(link + "/**").matches(real.toRealPath() + "/deeper/redis.sock"));
    }

    @Test
    void abstractNamesAreMatchedWithTheirAtSign() {
        assertTrue(PathPattern.of("@/tmp/.X11-unix/*").matches("@/tmp/.X11-unix/X0"));
        assertFalse(PathPattern.of("@/tmp/.X11-unix/*").matches("/tmp/.X11-unix/X0"));
        assertTrue(PathPattern.of("@dbus-*").matches("@dbus-1234"));
    }
}
