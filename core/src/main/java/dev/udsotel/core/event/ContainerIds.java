package dev.udsotel.core.event;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The container a process runs in, as docker, containerd and CRI-O name it in the process's cgroup path. */
public final class ContainerIds {
    private static final Pattern CONTAINER_ID = Pattern.compile("([0-9a-f]{64})");

    private ContainerIds() {}

    /** The 64-hex-digit id found in {@code /proc/<pid>/cgroup}, or null outside a container. */
    public static String fromCgroupFile(Path cgroupFile) {
        try {
            for (String line : Files.readAllLines(cgroupFile)) {
                Matcher m = CONTAINER_ID.matcher(line);
                if (m.find()) {
                    return m.group(1);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone already, not visible, or not Linux: no container id
        }
        return null;
    }
}
