package dev.udsotel.agent.instrumentation.record;

import dev.udsotel.core.event.ProcessIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Describes the JVM the agent runs in; its default service name is the main class or the jar's name. */
public final class AgentProcess {
    private static final Pattern CONTAINER_ID = Pattern.compile("([0-9a-f]{64})");

    private AgentProcess() {}

    public static ProcessIdentity current() {
        return new ProcessIdentity(ProcessHandle.current().pid(), "java", serviceName(System.getProperty("sun.java.command", "")),
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
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                Matcher m = CONTAINER_ID.matcher(line);
                if (m.find()) {
                    return m.group(1);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not on Linux, or no cgroup file: no container id
        }
        return null;
    }
}
