package dev.udsotel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the JDKs the tests run child JVMs on: the homes named by the system properties {@code uds.test.jdk17}
 * and {@code uds.test.jdk25} (set by the parent pom's surefire configuration), else a matching directory under
 * /usr/lib/jvm.
 */
public final class Jdks {

    private static final Path JVM_DIRECTORY = Path.of("/usr/lib/jvm");

    private Jdks() {}

    /** The home directory of the JDK with this feature release (17, 25 ...); fails when there is none. */
    public static Path home(int feature) {
        String configured = System.getProperty("uds.test.jdk" + feature);
        if (configured != null && !configured.isBlank()) {
            Path home = Path.of(configured);
            if (!Files.isExecutable(javaIn(home))) {
                throw new IllegalStateException("uds.test.jdk" + feature + "=" + configured + " has no bin/java");
            }
            return home;
        }
        return candidates(feature).stream()
                .filter(home -> Files.isExecutable(javaIn(home)))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no JDK " + feature + " found: set -Duds.test.jdk"
                        + feature + "=<home> or install one under " + JVM_DIRECTORY));
    }

    /** The {@code java} launcher of the JDK with this feature release. */
    public static Path java(int feature) {
        return javaIn(home(feature));
    }

    /** The {@code java} launcher of the JVM running this test. */
    public static Path currentJava() {
        return javaIn(Path.of(System.getProperty("java.home")));
    }

    private static Path javaIn(Path home) {
        return home.resolve("bin").resolve("java");
    }

    private static List<Path> candidates(int feature) {
        if (!Files.isDirectory(JVM_DIRECTORY)) {
            return List.of();
        }
        try (Stream<Path> homes = Files.list(JVM_DIRECTORY)) {
            return homes.filter(home -> names(home.getFileName().toString(), feature))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean names(String directory, int feature) {
        // java-17-openjdk-amd64, temurin-25-jdk-amd64, jdk-25, openjdk-17 ...
        return directory.matches("(.*[-_])?" + feature + "([-_.].*)?");
    }
}
