package dev.udsotel.agent.instrumentation.config;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** The agent's settings, read and checked in one place. */
public final class AgentConfig {
    private final boolean enabled;
    private final int payloadBytes;
    private final List<PathMatcher> include;
    private final List<PathMatcher> exclude;
    private final long idleGapNanos;
    private final int queueSize;
    private final boolean redaction;
    private final List<String> rawPaths;
    private final int exportCpuPercent;
    private final boolean exportIdle;

    private AgentConfig(Map<AgentOption, String> values) throws BadOptionException {
        enabled = bool(values, AgentOption.ENABLED, "true", "false");
        boolean capture = bool(values, AgentOption.CAPTURE, "on", "off");
        int bytes = number(values, AgentOption.PAYLOAD_BYTES, 0, 65536);
        payloadBytes = capture ? bytes : 0;
        include = globs(values, AgentOption.PATHS_INCLUDE);
        exclude = globs(values, AgentOption.PATHS_EXCLUDE);
        idleGapNanos = number(values, AgentOption.IDLE_GAP_MS, 1, 3_600_000) * 1_000_000L;
        queueSize = number(values, AgentOption.QUEUE_SIZE, 16, 1 << 20);
        redaction = bool(values, AgentOption.REDACTION, "on", "off");
        rawPaths = globTexts(values, AgentOption.PAYLOAD_RAW_PATHS);
        exportCpuPercent = number(values, AgentOption.EXPORT_CPU, 1, 100);
        exportIdle = bool(values, AgentOption.EXPORT_PRIORITY, "idle", "normal");
    }

    /** Reads the -javaagent argument, then {@code uds.*} system properties, then {@code UDS_*} environment variables. */
    public static AgentConfig read(
            String agentArgs, Map<String, String> systemProperties, Map<String, String> environment)
            throws BadOptionException {
        Map<AgentOption, String> values = new EnumMap<>(AgentOption.class);
        for (AgentOption o : AgentOption.values()) {
            String v = environment.get(o.environmentVariable());
            if (systemProperties.containsKey(o.systemProperty())) {
                v = systemProperties.get(o.systemProperty());
            }
            if (v != null) {
                values.put(o, v.trim());
            }
        }
        values.putAll(parseArguments(agentArgs));
        return new AgentConfig(values);
    }

    public static AgentConfig defaults() {
        try {
            return new AgentConfig(new EnumMap<>(AgentOption.class));
        } catch (BadOptionException e) {
            throw new AssertionError(e);
        }
    }

    public boolean enabled() {
        return enabled;
    }
    /** Zero when capture is off. */
    public int payloadBytes() {
        return payloadBytes;
    }

    public long idleGapNanos() {
        return idleGapNanos;
    }

    public int queueSize() {
        return queueSize;
    }

    public boolean redaction() {
        return redaction;
    }
    /** Socket path globs whose unrecognized binary payloads may be exported ({@code payload.raw.paths}). */
    public List<String> rawPaths() {
        return rawPaths;
    }
    /** Percent of one core the export thread may use before it sheds whole exchanges; 100 never sheds. */
    public int exportCpuPercent() {
        return exportCpuPercent;
    }
    /** Whether the export thread asks the kernel to run it only on CPU time nothing else wants. */
    public boolean exportIdle() {
        return exportIdle;
    }

    /** Whether a conversation on this socket path is traced. */
    public boolean traces(String socketPath) {
        Path path = Path.of(socketPath.isEmpty() ? "/" : socketPath);
        if (!include.isEmpty() && include.stream().noneMatch(m -> m.matches(path))) {
            return false;
        }
        return exclude.stream().noneMatch(m -> m.matches(path));
    }

    private static Map<AgentOption, String> parseArguments(String agentArgs) throws BadOptionException {
        Map<AgentOption, String> values = new EnumMap<>(AgentOption.class);
        if (agentArgs == null || agentArgs.isBlank()) {
            return values;
        }
        for (String pair : agentArgs.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = (eq < 0 ? pair : pair.substring(0, eq)).trim();
            AgentOption option = AgentOption.byKey(key);
            if (option == null) {
                throw new BadOptionException("unknown option '" + key + "'; known options: " + knownKeys());
            }
            if (eq < 0) {
                throw new BadOptionException("option " + key + " needs a value (" + key + "=...): " + option.accepts());
            }
            values.put(option, pair.substring(eq + 1).trim());
        }
        return values;
    }

    private static String knownKeys() {
        StringJoiner j = new StringJoiner(", ");
        for (AgentOption o : AgentOption.values()) {
            j.add(o.key());
        }
        return j.toString();
    }

    private static String valueOf(Map<AgentOption, String> values, AgentOption o) {
        return values.getOrDefault(o, o.defaultValue());
    }

    private static BadOptionException invalid(AgentOption o, String value) {
        return new BadOptionException("option " + o.key() + "=" + value + " is invalid: expected " + o.accepts());
    }

    private static boolean bool(Map<AgentOption, String> values, AgentOption o, String yes, String no)
            throws BadOptionException {
        String v = valueOf(values, o);
        if (v.equalsIgnoreCase(yes)) {
            return true;
        }
        if (v.equalsIgnoreCase(no)) {
            return false;
        }
        throw invalid(o, v);
    }

    private static int number(Map<AgentOption, String> values, AgentOption o, int min, int max)
            throws BadOptionException {
        String v = valueOf(values, o);
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw invalid(o, v);
    }

    private static List<PathMatcher> globs(Map<AgentOption, String> values, AgentOption o) throws BadOptionException {
        List<PathMatcher> matchers = new ArrayList<>();
        for (String glob : valueOf(values, o).split(";")) {
            if (glob.isBlank()) {
                continue;
            }
            try {
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob.trim()));
            } catch (RuntimeException e) {
                throw new BadOptionException(
                        "option " + o.key() + " has an invalid glob '" + glob + "': " + e.getMessage());
            }
        }
        return matchers;
    }

    /** The globs of {@code o} as written, each checked. */
    private static List<String> globTexts(Map<AgentOption, String> values, AgentOption o) throws BadOptionException {
        globs(values, o);
        List<String> texts = new ArrayList<>();
        for (String glob : valueOf(values, o).split(";")) {
            if (!glob.isBlank()) {
                texts.add(glob.trim());
            }
        }
        return List.copyOf(texts);
    }
}
