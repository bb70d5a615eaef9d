package dev.udsotel.agent.instrumentation.config;

import java.util.Locale;

/**
 * Every agent setting, with its one name. It is written {@code name=value} in the -javaagent argument,
 * {@code -Duds.name=value} as a system property, and {@code UDS_NAME=value} (upper case, dots as underscores)
 * in the environment; that is also the order of precedence.
 */
public enum AgentOption {
    ENABLED("enabled", "true", "true or false"),
    CAPTURE("capture", "on", "on or off: off records sizes and timing but copies no payload byte"),
    PAYLOAD_BYTES("payload.bytes", "256", "a whole number from 0 to 65536: bytes kept per direction of an exchange"),
    PATHS_INCLUDE("paths.include", "", "socket path globs separated by ';' (empty: every path)"),
    PATHS_EXCLUDE("paths.exclude", "", "socket path globs separated by ';'"),
    IDLE_GAP_MS("idle.gap.ms", "1000", "a whole number of milliseconds from 1 to 3600000"),
    QUEUE_SIZE("queue.size", "16384", "a whole number from 16 to 1048576: events waiting for export"),
    EXPORT_CPU(
            "export.cpu",
            "10",
            "a whole number from 1 to 100: percent of one core the export thread may use before it"
                    + " sheds whole exchanges"),
    EXPORT_PRIORITY(
            "export.priority",
            "idle",
            "idle or normal: idle runs the export thread only on CPU time the" + " application leaves unused"),
    REDACTION(
            "redaction",
            "on",
            "on or off: off exports payload previews as captured (ssh-agent and gpg-agent key"
                    + " material stays out)"),
    PAYLOAD_RAW_PATHS(
            "payload.raw.paths",
            "",
            "socket path globs separated by ';' whose unrecognized binary payloads"
                    + " are exported as they are (by default only their sizes and timing are)");

    private final String key;
    private final String defaultValue;
    private final String accepts;

    AgentOption(String key, String defaultValue, String accepts) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.accepts = accepts;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String accepts() {
        return accepts;
    }

    public String systemProperty() {
        return "uds." + key;
    }

    public String environmentVariable() {
        return "UDS_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    static AgentOption byKey(String key) {
        for (AgentOption o : values()) {
            if (o.key.equals(key)) {
                return o;
            }
        }
        return null;
    }
}
