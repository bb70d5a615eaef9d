package dev.udsotel.agent.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;

/**
 * The agent jar carries two jars inside: the few classes inlined advice calls (defined in java.base at start) and the
 * instrumentation with its shaded dependencies (for the agent's own class loader), so none of them sits on the
 * application's class path. The instrumentation jar is unpacked once per build into the agent's directory, private to
 * the user, which also holds the class file cache (see {@link AgentDirectory}).
 */
final class AgentJars {
    private static final String BOOTSTRAP = "inst/bootstrap.jar";
    private static final String INSTRUMENTATION = "inst/instrumentation.jar";

    private final Path instrumentation;
    private final Map<String, byte[]> bootClasses;
    private final String build;
    private final Path classCache;

    private AgentJars(Path instrumentation, Map<String, byte[]> bootClasses, String build, Path classCache) {
        this.instrumentation = instrumentation;
        this.bootClasses = bootClasses;
        this.build = build;
        this.classCache = classCache;
    }

    Path instrumentation() {
        return instrumentation;
    }

    /** Class name to class file, for the classes advice calls. */
    Map<String, byte[]> bootClasses() {
        return bootClasses;
    }

    /** Identifies this build of the agent: changes whenever either inner jar does. */
    String build() {
        return build;
    }

    /** The private directory for instrumented class files, or null when there is none. */
    Path classCache() {
        return classCache;
    }

    static Path agentJar() throws URISyntaxException {
        return Path.of(AgentJars.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    }

    static AgentJars unpack() throws IOException, URISyntaxException {
        AgentDirectory directory = AgentDirectory.choose();
        try (JarFile jar = new JarFile(agentJar().toFile())) {
            JarEntry bootstrap = entry(jar, BOOTSTRAP);
            JarEntry instrumentation = entry(jar, INSTRUMENTATION);
            String build = Long.toHexString(instrumentation.getCrc()) + "-" + Long.toHexString(bootstrap.getCrc());
            return new AgentJars(
                    unpack(jar, instrumentation, directory), classFiles(jar, bootstrap), build, directory.classCache());
        }
    }

    private static JarEntry entry(JarFile jar, String name) throws IOException {
        JarEntry entry = jar.getJarEntry(name);
        if (entry == null) {
            throw new IOException(name + " is missing from the agent jar; rebuild it with ./dev build");
        }
        return entry;
    }

    private static Map<String, byte[]> classFiles(JarFile jar, JarEntry inner) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (JarInputStream in = new JarInputStream(jar.getInputStream(inner))) {
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                String name = entry.getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class") && !name.startsWith("META-INF/")) {
                    classes.put(
                            name.substring(0, name.length() - ".class".length()).replace('/', '.'), in.readAllBytes());
                }
            }
        }
        return classes;
    }

    private static Path unpack(JarFile jar, JarEntry entry, AgentDirectory directory) throws IOException {
        String name = entry.getName();
        String file = name.substring(name.lastIndexOf('/') + 1)
                .replace(".jar", "-" + Long.toHexString(entry.getCrc()) + ".jar");
        Path target = directory.path().resolve(file);
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && Files.size(target) == entry.getSize()) {
            return target;
        }
        Path partial = Files.createTempFile(directory.path(), file, ".part");
        try {
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        if (directory.temporary()) {
            new File(target.toString()).deleteOnExit();
        }
        return target;
    }
}
