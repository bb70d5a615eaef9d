package dev.udsotel.sidecar.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests checked against the Kubernetes API's own types (fabric8's generated model), with no
 * cluster: every field must exist where it is written and hold the right type, then the settings the README
 * promises are checked one by one.
 */
class KubernetesManifestsTest {
    private static final Path K8S = Path.of("deploy/k8s");
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void theDaemonSetIsValidAndRunsUnprivilegedWithCapBpfAndCapPerfmonUnderTheNodesName() throws Exception {
        DaemonSet daemonSet = read("daemonset.yaml", DaemonSet.class);
        PodSpec pod = daemonSet.getSpec().getTemplate().getSpec();
        assertTrue(pod.getHostPID());
        Container sidecar = only(pod.getContainers());
        assertLeastPrivilege(sidecar);
        assertEquals(
                "spec.nodeName",
                env(sidecar, "NODE_NAME").getValueFrom().getFieldRef().getFieldPath());
        assertTrue(sidecar.getArgs().contains("-q"), "no live view in a container");
    }

    @Test
    void theSidecarPodIsValidAndTracesOnlyItsOwnSocketWithTheAppUnderTheAgent() throws Exception {
        Pod pod = read("sidecar-pod.yaml", Pod.class);
        assertTrue(pod.getSpec().getShareProcessNamespace());
        Container sidecar = pod.getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("uds-trace"))
                .findFirst()
                .orElseThrow();
        assertLeastPrivilege(sidecar);
        assertTrue(
                String.join(" ", sidecar.getArgs()).contains("--path /sockets/*.sock"),
                sidecar.getArgs().toString());
        assertTrue(env(sidecar, "OTEL_RESOURCE_ATTRIBUTES").getValue().contains("k8s.pod.name=$(POD_NAME)"));
        Container client = pod.getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("client"))
                .findFirst()
                .orElseThrow();
        assertTrue(String.join(" ", client.getArgs()).contains("-javaagent:/opt/examples/uds-agent.jar"));
    }

    private static void assertLeastPrivilege(Container c) {
        var security = c.getSecurityContext();
        assertFalse(Boolean.TRUE.equals(security.getPrivileged()));
        assertEquals(List.of("ALL"), security.getCapabilities().getDrop());
        assertEquals(List.of("BPF", "PERFMON"), security.getCapabilities().getAdd());
        assertTrue(security.getReadOnlyRootFilesystem());
        assertFalse(security.getAllowPrivilegeEscalation());
    }

    private static <T> T read(String file, Class<T> type) throws Exception {
        T manifest = YAML.readValue(K8S.resolve(file).toFile(), type);
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(manifest, type.getSimpleName(), unknown, new IdentityHashMap<>());
        assertEquals(List.of(), unknown, file + ": fields the Kubernetes API does not have");
        return manifest;
    }

    /** fabric8's model keeps unknown fields in additionalProperties instead of refusing them: walk and collect. */
    private static void collectUnknownFields(Object node, String where, List<String> unknown, Map<Object, Boolean> seen)
            throws Exception {
        if (node == null || seen.put(node, true) != null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknownFields(item, where + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            for (var e : map.entrySet()) {
                collectUnknownFields(e.getValue(), where + "." + e.getKey(), unknown, seen);
            }
            return;
        }
        if (!node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = getter.invoke(node);
            if (getter.getName().equals("getAdditionalProperties")) {
                ((Map<?, ?>) value).keySet().forEach(k -> unknown.add(where + "." + k));
            } else {
                collectUnknownFields(value, where + "." + getter.getName().substring(3), unknown, seen);
            }
        }
    }

    private static EnvVar env(Container c, String name) {
        return c.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name));
    }

    private static <T> T only(List<T> items) {
        assertEquals(1, items.size());
        return items.get(0);
    }
}
