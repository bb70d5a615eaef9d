package dev.udsotel.agent.instrumentation.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentConfigTest {

    private static AgentConfig fromArguments(String arguments) throws BadOptionException {
        return AgentConfig.read(arguments, Map.of(), Map.of());
    }

    private static String problemWith(String arguments) {
        return assertThrows(BadOptionException.class, () -> fromArguments(arguments))
                .getMessage();
    }

    @Test
    void defaultsToTheDocumentedValues() throws BadOptionException {
        AgentConfig config = fromArguments(null);
        assertTrue(config.enabled());
        assertEquals(256, config.payloadBytes());
        assertEquals(1_000_000_000L, config.idleGapNanos());
        assertEquals(16384, config.queueSize());
        assertEquals(10, config.exportCpuPercent());
        assertTrue(config.exportIdle());
        assertTrue(config.redaction());
        assertTrue(config.traces("/var/run/docker.sock"));
        assertTrue(config.traces(""));
    }

    @Test
    void readsEveryOptionFromTheAgentArgument() throws BadOptionException {
        AgentConfig config =
                fromArguments("enabled=false,payload.bytes=1024,idle.gap.ms=250,queue.size=64,redaction=off");
        assertFalse(config.enabled());
        assertEquals(1024, config.payloadBytes());
        assertEquals(250_000_000L, config.idleGapNanos());
        assertEquals(64, config.queueSize());
        assertFalse(config.redaction());
    }

    @Test
    void prefersTheAgentArgumentThenTheSystemPropertyThenTheEnvironment() throws BadOptionException {
        Map<String, String> properties = Map.of("uds.payload.bytes", "20", "uds.idle.gap.ms", "30");
        Map<String, String> environment =
                Map.of("UDS_PAYLOAD_BYTES", "10", "UDS_IDLE_GAP_MS", "40", "UDS_QUEUE_SIZE", "50");

        AgentConfig config = AgentConfig.read("payload.bytes=5", properties, environment);

        assertEquals(5, config.payloadBytes());
        assertEquals(30_000_000L, config.idleGapNanos());
        assertEquals(50, config.queueSize());
    }

    @Test
    void keepsNoPayloadByteWhenCaptureIsOffWhateverPayloadBytesSays() throws BadOptionException {
        assertEquals(0, fromArguments("capture=off,payload.bytes=4096").payloadBytes());
        assertEquals(
                0,
                AgentConfig.read(null, Map.of(), Map.of("UDS_CAPTURE", "OFF")).payloadBytes());
    }

    @Test
    void acceptsTheEndsOfThePayloadRange() throws BadOptionException {
        assertEquals(0, fromArguments("payload.bytes=0").payloadBytes());
        assertEquals(65536, fromArguments("payload.bytes=65536").payloadBytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "65537", "1.5", ""})
    void rejectsAPayloadSizeOutsideTheRangeSayingWhatIsAccepted(String value) {
        assertEquals(
                "option payload.bytes=" + value
                        + " is invalid: expected a whole number from 0 to 65536: bytes kept per "
                        + "direction of an exchange",
                problemWith("payload.bytes=" + value));
    }

    @Test
    void rejectsAnUnknownOptionNamingTheKnownOnes() {
        assertEquals(
                "unknown option 'colour'; known options: enabled, capture, payload.bytes, paths.include, paths.exclude, "
                        + "idle.gap.ms, queue.size, export.cpu, export.priority, redaction, payload.raw.paths",
                problemWith("payload.bytes=16,colour=blue"));
    }

    @Test
    void readsTheSocketPathsWhoseBinaryPayloadsMayBeExported() throws Exception {
        AgentConfig config =
                AgentConfig.read("payload.raw.paths=/run/app/*.sock; /tmp/**", java.util.Map.of(), java.util.Map.of());
        assertEquals(java.util.List.of("/run/app/*.sock", "/tmp/**"), config.rawPaths());
        assertEquals(java.util.List.of(), AgentConfig.defaults().rawPaths());
        assertTrue(problemWith("payload.raw.paths=/run/[x").contains("payload.raw.paths has an invalid glob"));
    }

    @Test
    void takesTheExportThreadsCpuBudgetInPercentOfOneCore() throws BadOptionException {
        assertEquals(1, fromArguments("export.cpu=1").exportCpuPercent());
        assertEquals(100, fromArguments("export.cpu=100").exportCpuPercent());
        assertEquals(
                40,
                AgentConfig.read(null, Map.of(), Map.of("UDS_EXPORT_CPU", "40")).exportCpuPercent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "25%", "0.5", "half", ""})
    void rejectsAnExportCpuBudgetOutsideOneToAHundredSayingWhatIsAccepted(String value) {
        assertEquals(
                "option export.cpu=" + value + " is invalid: expected a whole number from 1 to 100: percent of one core"
                        + " the export thread may use before it sheds whole exchanges",
                problemWith("export.cpu=" + value));
    }

    @Test
    void rejectsAnOptionWithoutAValue() {
        assertTrue(
                problemWith("capture").startsWith("option capture needs a value (capture=...): on or off"),
                problemWith("capture"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"enabled=yes", "capture=maybe", "redaction=1", "idle.gap.ms=0", "queue.size=8"})
    void rejectsValuesOutsideEachOptionsDomain(String pair) {
        assertTrue(problemWith(pair).startsWith("option " + pair + " is invalid: expected "), problemWith(pair));
    }

    @Test
    void reportsABadValueFromTheEnvironmentToo() {
        BadOptionException e = assertThrows(
                BadOptionException.class, () -> AgentConfig.read("", Map.of(), Map.of("UDS_QUEUE_SIZE", "lots")));
        assertTrue(e.getMessage().startsWith("option queue.size=lots is invalid"), e.getMessage());
    }

    @Test
    void ignoresEmptyPairsAndSpacesAroundNamesAndValues() throws BadOptionException {
        AgentConfig config = fromArguments(" payload.bytes = 32 ,, capture=ON,");
        assertEquals(32, config.payloadBytes());
    }

    @Test
    void tracesOnlyIncludedPathsThatAreNotExcluded() throws BadOptionException {
        AgentConfig config = AgentConfig.read(
                "paths.include=/run/*.sock;/tmp/**", Map.of("uds.paths.exclude", "/tmp/private/**"), Map.of());

        assertTrue(config.traces("/run/docker.sock"));
        assertFalse(config.traces("/run/containerd/containerd.sock"), "a single * stays within one directory");
        assertTrue(config.traces("/tmp/a/b/c.sock"));
        assertFalse(config.traces("/tmp/private/key.sock"));
        assertFalse(config.traces("/var/run/other.sock"));
        assertFalse(config.traces(""), "an unnamed socket matches no include glob");
    }

    @Test
    void tracesEveryPathButTheExcludedWhenNothingIsIncluded() throws BadOptionException {
        AgentConfig config = fromArguments("paths.exclude=/run/secrets/*");
        assertTrue(config.traces("/run/docker.sock"));
        assertTrue(config.traces(""));
        assertFalse(config.traces("/run/secrets/vault.sock"));
    }

    @Test
    void rejectsAMalformedGlob() {
        assertTrue(
                problemWith("paths.include=/run/[x.sock")
                        .startsWith("option paths.include has an invalid glob '/run/[x.sock'"),
                problemWith("paths.include=/run/[x.sock"));
    }
}
