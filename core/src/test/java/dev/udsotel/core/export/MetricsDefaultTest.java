package dev.udsotel.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsDefaultTest {
    @Test
    void metricsGoOverOtlpWhenTheTracesDoOrNothingIsSet() {
        assertEquals("otlp", MetricsDefault.follow(null, Map.of()));
        assertEquals("otlp", MetricsDefault.follow("otlp", Map.of()));
        assertEquals("otlp", MetricsDefault.follow("console, otlp", Map.of()));
    }

    @Test
    void metricsStayOffWhenTheTracesGoElsewhere() {
        assertEquals("none", MetricsDefault.follow("console", Map.of()));
        assertEquals("none", MetricsDefault.follow("logging-otlp", Map.of()));
        assertEquals("none", MetricsDefault.follow("none", Map.of()));
        assertEquals("none", MetricsDefault.follow(null, Map.of("otel.traces.exporter", "none")));
    }
}
