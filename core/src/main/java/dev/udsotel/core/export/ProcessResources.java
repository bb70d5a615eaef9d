package dev.udsotel.core.export;

import dev.udsotel.core.event.ProcessIdentity;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.semconv.ServiceAttributes;
import io.opentelemetry.semconv.incubating.ContainerIncubatingAttributes;
import io.opentelemetry.semconv.incubating.HostIncubatingAttributes;
import io.opentelemetry.semconv.incubating.ProcessIncubatingAttributes;
import java.net.InetAddress;

/**
 * The resource attributes of an observed process, under the process.*, host.* and container.* conventions.
 * {@code host.name} is the node's name where a deployment gives it (NODE_NAME, from the Kubernetes downward API's
 * spec.nodeName), else a configured {@code host.name}, else this host's name: in a container that is the
 * container's own name unless it shares the host's UTS namespace.
 */
final class ProcessResources {
    static final AttributeKey<String> SERVICE_NAME = ServiceAttributes.SERVICE_NAME;
    private static final AttributeKey<String> HOST_NAME_KEY = HostIncubatingAttributes.HOST_NAME;
    private static final String HOST_NAME = hostName();

    private ProcessResources() {}

    /**
     * @param serviceNameConfigured whether the user named the service (OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES);
     *     if not, the process's own default name is used
     */
    static Resource describe(Resource base, ProcessIdentity process, boolean serviceNameConfigured) {
        AttributesBuilder b = Attributes.builder()
                .put(ProcessIncubatingAttributes.PROCESS_PID, process.pid())
                .put(ProcessIncubatingAttributes.PROCESS_EXECUTABLE_NAME, process.executableName());
        String nodeName = System.getenv("NODE_NAME");
        if (nodeName != null && !nodeName.isBlank()) {
            b.put(HOST_NAME_KEY, nodeName.strip());
        } else if (base.getAttribute(HOST_NAME_KEY) == null && !HOST_NAME.isEmpty()) {
            b.put(HOST_NAME_KEY, HOST_NAME);
        }
        if (process.containerId() != null) {
            b.put(ContainerIncubatingAttributes.CONTAINER_ID, process.containerId());
        }
        if (!serviceNameConfigured) {
            b.put(SERVICE_NAME, process.serviceName());
        }
        return base.merge(Resource.create(b.build()));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception | Error e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "" : env;
        }
    }
}
