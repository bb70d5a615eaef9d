package dev.udsotel.agent.instrumentation.host;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32;

/**
 * Asks the kernel's sock_diag (through a small JNI library shipped for Linux x86-64) for the peer of a Unix socket,
 * by inode, in about ten microseconds. Where the library cannot load, {@link #available()} is false. From JDK 24 on,
 * loading a library prints warnings on the application's standard error unless the JVM was started with
 * {@code --enable-native-access=ALL-UNNAMED}; without that flag the agent does not load it (granting native access
 * itself would change the application's own access too).
 */
final class SockDiag {
    private static final String LIBRARY = "/native/linux-x86_64/libudsdiag.so";
    private static final boolean AVAILABLE = load();

    private SockDiag() {}

    static boolean available() {
        return AVAILABLE;
    }

    /** The peer's inode; 0 when there is none yet (a client before the server accepted) or it cannot be known. */
    static long peerInode(long inode) {
        if (!AVAILABLE || inode <= 0) {
            return 0;
        }
        long peer = peerInode0(inode);
        return Math.max(peer, 0);
    }

    private static native long peerInode0(long inode);

    /** The pid of the process at the other end of this process's connected socket {@code fd}; 0 when unknown. */
    static int peerPid(int fd) {
        if (!AVAILABLE || fd < 0) {
            return 0;
        }
        return Math.max(peerPid0(fd), 0);
    }

    private static native int peerPid0(int fd);

    private static boolean nativeAccessGranted() {
        try {
            return (Boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(SockDiag.class.getModule());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static boolean load() {
        if (Runtime.version().feature() >= 24 && !nativeAccessGranted()) {
            return false;
        }
        String arch = System.getProperty("os.arch", "");
        if (!System.getProperty("os.name", "").equals("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return false;
        }
        try (InputStream in = SockDiag.class.getResourceAsStream(LIBRARY)) {
            if (in == null) {
                return false;
            }
            byte[] bytes = in.readAllBytes();
            CRC32 crc = new CRC32();
            crc.update(bytes);
            // the library is loaded into this JVM: keep it beside the unpacked agent jar, whose directory the
            // launcher made sure is private to this user
            Path dir = Path.of(SockDiag.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .getParent();
            Path library = dir.resolve("libudsdiag-" + Long.toHexString(crc.getValue()) + ".so");
            if (!Files.isRegularFile(library) || Files.size(library) != bytes.length) {
                Path partial = Files.createTempFile(dir, "libudsdiag", ".part");
                Files.write(partial, bytes);
                Files.move(partial, library, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            System.load(library.toString());
            return true;
        } catch (Exception | LinkageError e) {
            return false;
        }
    }
}
