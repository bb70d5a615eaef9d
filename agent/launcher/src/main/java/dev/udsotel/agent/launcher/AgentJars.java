package dev.udsotel.agent.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The agent jar carries two jars inside: the bootstrap classes (for the boot class path) and the instrumentation with
 * its shaded dependencies (for the agent's own class loader), so none of them sits on the application's class path.
 * They are unpacked once per version into the temporary directory.
 */
final class AgentJars {
    private final Path bootstrap;
    private final Path instrumentation;

    private AgentJars(Path bootstrap, Path instrumentation) {
        this.bootstrap = bootstrap;
        this.instrumentation = instrumentation;
    }

    Path bootstrap() { return bootstrap; }
    Path instrumentation() { return instrumentation; }

    static Path agentJar() throws URISyntaxException {
        return Path.of(AgentJars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    static AgentJars unpack() throws IOException, URISyntaxException {
        try (JarFile jar = new JarFile(agentJar().toFile())) {
            return new AgentJars(unpack(jar, "inst/bootstrap.jar"), unpack(jar, "inst/instrumentation.jar"));
        }
    }

    private static Path unpack(JarFile jar, String name) throws IOException {
        JarEntry entry = jar.getJarEntry(name);
        if (entry == null) {
            throw new IOException(name + " is missing from the agent jar; rebuild it with ./dev build");
        }
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "uds-agent-" + System.getProperty("user.name", "user"));
        Files.createDirectories(dir);
        String file = name.substring(name.lastIndexOf('/') + 1).replace(".jar", "-" + Long.toHexString(entry.getCrc()) + ".jar");
        Path target = dir.resolve(file);
        if (Files.isRegularFile(target) && Files.size(target) == entry.getSize()) {
            return target;
        }
        Path partial = Files.createTempFile(dir, file, ".part");
        try (InputStream in = jar.getInputStream(entry)) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
