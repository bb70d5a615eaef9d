package dev.udsotel.agent.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the agent keeps its unpacked jar and its class file cache: {@code -Duds.cache.dir} or {@code UDS_CACHE_DIR},
 * else {@code <java.io.tmpdir>/uds-agent-<uid>}. It must be private to the user ({@link PrivateDirectory}); when it is
 * not, or is {@code off}, the jar goes to a fresh temporary directory removed at exit and there is no class file cache.
 */
record AgentDirectory(Path path, boolean temporary, Path classCache) {
    static final String PROPERTY = "uds.cache.dir";
    static final String ENVIRONMENT = "UDS_CACHE_DIR";

    static AgentDirectory choose() throws IOException {
        String configured = System.getProperty(PROPERTY, System.getenv(ENVIRONMENT));
        if ("off".equals(configured)) {
            return inTemporaryDirectory();
        }
        try {
            Path dir = configured == null || configured.isBlank()
                    ? Path.of(System.getProperty("java.io.tmpdir"), "uds-agent-" + PrivateDirectory.currentUid())
                    : Path.of(configured);
            Path checked = PrivateDirectory.require(dir);
            return new AgentDirectory(checked, false, checked);
        } catch (IOException | RuntimeException e) {
            System.err.println("[uds-agent] no class file cache: " + e.getMessage() + "; using a temporary directory");
            return inTemporaryDirectory();
        }
    }

    private static AgentDirectory inTemporaryDirectory() throws IOException {
        Path dir = Files.createTempDirectory("uds-agent-");
        new File(dir.toString()).deleteOnExit();
        return new AgentDirectory(dir, true, null);
    }
}
