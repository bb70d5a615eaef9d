package dev.udsotel.agent.instrumentation.host;

import dev.udsotel.core.event.ContainerIds;
import dev.udsotel.core.event.ProcessIdentity;
import java.nio.file.Path;

/** Describes the JVM the agent runs in; its default service name is the main class or the jar's name. */
public final class AgentProcess {
    private AgentProcess() {}

    public static ProcessIdentity current() {
        return new ProcessIdentity(
                ProcessHandle.current().pid(),
                "java",
                serviceName(System.getProperty("sun.java.command", "")),
                containerId());
    }

    static String serviceName(String javaCommand) {
        String first = javaCommand.trim().split("\\s+", 2)[0];
        if (first.isEmpty()) {
            return "java";
        }
        if (first.endsWith(".jar")) {
            String file = Path.of(first).getFileName().toString();
            return file.substring(0, file.length() - 4);
        }
        return first.substring(first.lastIndexOf('.') + 1);
    }

    private static String containerId() {
        return ContainerIds.fromCgroupFile(Path.of("/proc/self/cgroup"));
    }
}
