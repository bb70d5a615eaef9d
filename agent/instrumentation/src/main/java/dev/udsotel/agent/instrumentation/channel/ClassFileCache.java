package dev.udsotel.agent.instrumentation.channel;

import dev.udsotel.agent.instrumentation.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * Instrumented JDK class files on disk, so a later start needs no Byte Buddy. An entry is named after a digest of the
 * agent build, the class name and the original class file the JVM handed over ({@link ClassFileDigest#ofClassFile}),
 * so another JDK or agent build never finds it. Each file holds a magic number, a digest of the class file and the
 * class file; an entry that is not a regular file of the directory's owner, or fails the check, is not used. The
 * launcher has made sure the directory is private to this user. Any problem costs one line on standard error and a
 * Byte Buddy start, never the application.
 */
final class ClassFileCache {
    private static final int MAGIC = 0x55445343; // "UDSC"
    private static final int DIGEST_BYTES = Long.BYTES;
    private static final long MAX_FILE_BYTES = 4 << 20;

    private final Path directory;
    private final byte[] agentBuild;
    private volatile boolean warned;

    ClassFileCache(Path directory, String agentBuild) {
        this.directory = directory;
        this.agentBuild = agentBuild.getBytes(StandardCharsets.UTF_8);
    }

    Path directory() {
        return directory;
    }

    /** The entry's key for {@code original}, the class file of {@code internalName} before this agent changed it. */
    String key(String internalName, byte[] original) {
        long digest = new ClassFileDigest()
                .update(agentBuild)
                .update(0)
                .update(internalName.getBytes(StandardCharsets.UTF_8))
                .update(0)
                .update(ClassFileDigest.ofClassFile(original))
                .update(original.length)
                .value();
        return String.format("%016x", digest);
    }

    /** The instrumented class file stored under this key, or null when there is none that passes the checks. */
    byte[] read(String internalName, String key) {
        Path file = file(internalName, key);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            if (!Files.getOwner(file, LinkOption.NOFOLLOW_LINKS)
                            .equals(Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS))
                    || Files.size(file) > MAX_FILE_BYTES) {
                warnOnce("class file cache entry " + file + " is not this user's; building the advice again");
                return null;
            }
            byte[] stored;
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                stored = in.readAllBytes();
            }
            byte[] classFile = verified(stored);
            if (classFile == null) {
                warnOnce("class file cache entry " + file + " is corrupt; building the advice again");
            }
            return classFile;
        } catch (IOException | RuntimeException e) {
            warnOnce("cannot read the class file cache entry " + file + " (" + e + "); building the advice again");
            return null;
        }
    }

    /** Stores an instrumented class file; a failure is reported once and otherwise ignored. */
    void write(String internalName, String key, byte[] classFile) {
        Path target = file(internalName, key);
        Path partial = null;
        try {
            ByteArrayOutputStream content = new ByteArrayOutputStream(classFile.length + 40);
            DataOutputStream out = new DataOutputStream(content);
            out.writeInt(MAGIC);
            out.writeLong(ClassFileDigest.of(classFile));
            out.write(classFile);
            partial = Files.createTempFile(directory, target.getFileName().toString(), ".part");
            Files.write(partial, content.toByteArray());
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            partial = null;
        } catch (IOException | RuntimeException e) {
            warnOnce("cannot write the class file cache in " + directory + " (" + e
                    + "); the next start builds the advice again");
        } finally {
            if (partial != null) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // nothing more to do than the line already printed
                }
            }
        }
    }

    void warnOnce(String message) {
        if (!warned) {
            warned = true;
            AgentLog.info(message);
        }
    }

    private Path file(String internalName, String key) {
        return directory.resolve(internalName.substring(internalName.lastIndexOf('/') + 1) + "-" + key + ".class");
    }

    private static byte[] verified(byte[] stored) {
        if (stored.length < 4 + DIGEST_BYTES + 4 || ByteBuffer.wrap(stored).getInt() != MAGIC) {
            return null;
        }
        byte[] classFile = Arrays.copyOfRange(stored, 4 + DIGEST_BYTES, stored.length);
        if (ByteBuffer.wrap(stored).getLong(4) != ClassFileDigest.of(classFile)
                || ByteBuffer.wrap(classFile).getInt() != 0xCAFEBABE) {
            return null;
        }
        return classFile;
    }
}
