package dev.udsotel.core.export;

import dev.udsotel.core.event.ProcessIdentity;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;
import java.net.InetAddress;

/** The resource attributes of an observed process, under the process.*, host.* and container.* conventions. */
final class ProcessResources {
    static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    private static final String HOST_NAME = hostName();

    private ProcessResources() {}

    /**
     * @param serviceNameConfigured whether the user named the service (OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES);
     *     if not, the process's own default name is used
     */
    static Resource describe(Resource base, ProcessIdentity process, boolean serviceNameConfigured) {
        AttributesBuilder b = Attributes.builder()
                .put("process.pid", process.pid())
                .put("process.executable.name", process.executableName());
        if (!HOST_NAME.isEmpty()) {
            b.put("host.name", HOST_NAME);
        }
        if (process.containerId() != null) {
            b.put("container.id", process.containerId());
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
