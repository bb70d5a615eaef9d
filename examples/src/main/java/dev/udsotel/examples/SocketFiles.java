package dev.udsotel.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** The life of a listening socket's file: a stale one is removed before binding, ours is removed at exit. */
public final class SocketFiles {

    private SocketFiles() {}

    /**
     * Returns the path to listen on after removing a leftover socket file (one nobody accepts on any more), and
     * arranges for the file to be removed when the JVM exits. Refuses to delete a live socket or a regular file.
     */
    public static Path claim(String argument) {
        Path path = Path.of(argument).toAbsolutePath();
        if (Files.exists(path)) {
            if (isLive(path)) {
                throw new IllegalStateException(path + " is in use by another server");
            }
            if (Files.isRegularFile(path) || Files.isDirectory(path)) {
                throw new IllegalStateException(path + " exists and is not a socket");
            }
            delete(path);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(path), "remove-" + path.getFileName()));
        return path;
    }

    /** Removes the socket file if it is there. */
    public static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isLive(Path path) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return probe.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException refused) {
            return false;
        }
    }
}
