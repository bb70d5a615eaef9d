package dev.udsotel.core.export;

import dev.udsotel.core.event.ProcessIdentity;
import java.util.Map;

/**
 * What the exporter needs beyond the standard OTEL_* settings.
 *
 * @param instrumentationName the instrumentation scope, such as {@code dev.udsotel.agent}
 * @param self the process whose own resource the SDK describes; null when every traced process is another one
 * @param defaults OTEL_* settings as {@code otel.*} property names, used only where neither the environment nor a
 *     system property sets them
 */
public record ExportSettings(String instrumentationName, ProcessIdentity self, Map<String, String> defaults) {}
