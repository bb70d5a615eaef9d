package dev.udsotel.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.udsotel.testing.ChildProcess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Libraries in versions other than the build's: one directory of jars per version, copied there by the build. */
final class OtherVersions {
    private static final Path DIRECTORY = Path.of(System.getProperty("uds.test.versions", "target/versions"));

    private OtherVersions() {}

    /** The jars of {@code target/versions/<name>}, as a class path. */
    static String classpath(String name) {
        try (Stream<Path> jars = Files.list(DIRECTORY.resolve(name))) {
            String classpath = jars.filter(jar -> jar.toString().endsWith(".jar"))
                    .sorted()
                    .map(Path::toString)
                    .collect(Collectors.joining(File.pathSeparator));
            if (classpath.isEmpty()) {
                throw new AssertionError("no jars in " + DIRECTORY.resolve(name) + "; the build copies them there");
            }
            return classpath;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A version the build names, for example {@code junixsocket.too-old}. */
    static String version(String name) {
        String version = System.getProperty("uds.test." + name);
        if (version == null) {
            throw new AssertionError("the build sets uds.test." + name);
        }
        return version;
    }

    /** The process's output has {@code line} exactly once, and no other line from the agent about a library. */
    static void assertOneLine(ChildProcess process, String line) {
        long exact = process.stderr().lines().filter(line::equals).count();
        long lacking = process.stderr()
                .lines()
                .filter(l -> l.startsWith("[uds-agent]") && l.contains(" lacks "))
                .count();
        assertEquals(1, exact, process.output());
        assertEquals(1, lacking, process.output());
    }
}
