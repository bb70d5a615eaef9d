package dev.udsotel.agent.instrumentation.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassFileCacheTest {
    private static final String NAME = "sun/nio/ch/SocketChannelImpl";

    @TempDir
    Path dir;

    @Test
    void returnsWhatWasStoredForTheSameOriginalAndBuild() throws IOException {
        byte[] original = classFile("java/lang/Object.class");
        byte[] instrumented = classFile("java/lang/String.class");
        ClassFileCache cache = new ClassFileCache(dir, "build-1");
        cache.write(NAME, cache.key(NAME, original), instrumented);

        assertArrayEquals(instrumented, new ClassFileCache(dir, "build-1").read(NAME, cache.key(NAME, original)));
    }

    @Test
    void keysDifferForAnotherOriginalAnotherClassOrAnotherBuild() throws IOException {
        byte[] original = classFile("java/lang/Object.class");
        String key = new ClassFileCache(dir, "build-1").key(NAME, original);

        assertNotEquals(key, new ClassFileCache(dir, "build-1").key(NAME, classFile("java/lang/Thread.class")));
        assertNotEquals(key, new ClassFileCache(dir, "build-1").key("sun/nio/ch/FileChannelImpl", original));
        assertNotEquals(key, new ClassFileCache(dir, "build-2").key(NAME, original));
        assertEquals(key, new ClassFileCache(dir, "build-1").key(NAME, original.clone()));
    }

    @Test
    void refusesAnEntryWhoseBytesChanged() throws IOException {
        byte[] original = classFile("java/lang/Object.class");
        ClassFileCache cache = new ClassFileCache(dir, "build-1");
        String key = cache.key(NAME, original);
        cache.write(NAME, key, classFile("java/lang/String.class"));
        Path entry = entries().get(0);
        byte[] stored = Files.readAllBytes(entry);
        stored[stored.length - 7] ^= 1;
        Files.write(entry, stored);

        assertNull(cache.read(NAME, key));
    }

    @Test
    void refusesAnEntryThatIsALink() throws IOException {
        byte[] original = classFile("java/lang/Object.class");
        ClassFileCache cache = new ClassFileCache(dir, "build-1");
        String key = cache.key(NAME, original);
        cache.write(NAME, key, classFile("java/lang/String.class"));
        Path entry = entries().get(0);
        Path elsewhere = Files.move(entry, dir.resolve("elsewhere"));
        Files.createSymbolicLink(entry, elsewhere);

        assertNull(cache.read(NAME, key));
    }

    @Test
    void findsNothingWhenNothingWasStored() throws IOException {
        ClassFileCache cache = new ClassFileCache(dir, "build-1");
        assertNull(cache.read(NAME, cache.key(NAME, classFile("java/lang/Object.class"))));
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".class")).toList();
        }
    }

    private static byte[] classFile(String resource) throws IOException {
        try (InputStream in = Object.class.getResourceAsStream("/" + resource)) {
            return in.readAllBytes();
        }
    }
}
