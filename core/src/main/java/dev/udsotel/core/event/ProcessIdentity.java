package dev.udsotel.core.event;

import java.util.Objects;

/**
 * The observed process, which becomes the span's resource.
 *
 * @param pid process id in the root pid namespace
 * @param executableName the executable's file name, such as {@code java} or {@code redis-server}
 * @param serviceName what {@code service.name} defaults to when OTEL_SERVICE_NAME is not set
 * @param containerId the container id from the process's cgroup, or null outside containers
 */
public record ProcessIdentity(long pid, String executableName, String serviceName, String containerId) {
    public ProcessIdentity {
        Objects.requireNonNull(executableName, "executableName");
        Objects.requireNonNull(serviceName, "serviceName");
    }
}
