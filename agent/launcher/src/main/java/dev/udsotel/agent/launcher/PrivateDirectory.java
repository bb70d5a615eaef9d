package dev.udsotel.agent.launcher;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * A directory only the current user can enter. The agent keeps code there that it loads (its unpacked jars) and class
 * files it puts into java.base, so a directory another user could write to, or swap for a link, is refused.
 */
final class PrivateDirectory {
    private PrivateDirectory() {}

    /** Creates {@code dir} (mode 0700) if absent; throws, naming the reason, unless it is private to this user. */
    static Path require(Path dir) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            // checked below like any other
        }
        Map<String, Object> attributes =
                Files.readAttributes(dir, "unix:uid,mode,isDirectory", LinkOption.NOFOLLOW_LINKS);
        if (!(Boolean) attributes.get("isDirectory")) {
            throw new IOException(dir + " is not a directory");
        }
        int owner = (Integer) attributes.get("uid");
        int self = currentUid();
        if (owner != self) {
            throw new IOException(dir + " belongs to uid " + owner + ", not to this user (uid " + self + ")");
        }
        int mode = (Integer) attributes.get("mode");
        if ((mode & 0077) != 0) {
            throw new IOException(dir + " is open to other users (mode " + Integer.toOctalString(mode & 0777) + ")");
        }
        return dir;
    }

    /** The uid this process runs as: the owner of its own /proc entry. */
    static int currentUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }
}
