package dev.udsotel.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class PeerServicesTest {
    @Test
    void namesAJvmAsTheAgentNamesIt() {
        assertEquals(
                "HttpUdsServer",
                PeerServices.jvmServiceName(
                        List.of(
                                "java",
                                "-javaagent:/opt/uds-agent.jar",
                                "-cp",
                                "app.jar:lib/*",
                                "-Dx=y",
                                "dev.udsotel.examples.http.HttpUdsServer",
                                "/tmp/http.sock"),
                        List.of()));
        assertEquals(
                "billing",
                PeerServices.jvmServiceName(
                        List.of("/usr/bin/java", "-Xmx1g", "-jar", "/srv/billing.jar"), List.of("PATH=/usr/bin")));
        assertEquals(
                "Main",
                PeerServices.jvmServiceName(
                        List.of("java", "--module-path", "mods", "-m", "app/org.example.Main"), List.of()));
    }

    @Test
    void aConfiguredServiceNameWins() {
        assertEquals(
                "orders",
                PeerServices.jvmServiceName(List.of("java", "-cp", "x", "Main"), List.of("OTEL_SERVICE_NAME=orders")));
        assertEquals(
                "carts",
                PeerServices.jvmServiceName(List.of("java", "-Dotel.service.name=carts", "-jar", "a.jar"), List.of()));
    }

    @Test
    void aCommandLineWithoutMainClassHasNoJvmName() {
        assertNull(PeerServices.jvmServiceName(List.of("java", "-version"), List.of()));
    }
}
