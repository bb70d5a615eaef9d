package dev.udsotel.sidecar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The flag table is the one source: parsing, defaults and --help all follow it. */
class OptionsParserTest {
    @Test
    void noFlagsGiveTheTablesDefaults() throws Exception {
        Options options = OptionsParser.parse();
        assertEquals(List.of(), options.paths());
        assertNull(options.cgroup());
        assertEquals(256, options.snaplen());
        assertEquals(16, options.bufferMiB());
        assertEquals(50, options.cpuPercent(), "half a core for spans unless told otherwise");
        assertEquals(0, options.count());
        assertEquals(10, options.statusSeconds());
        assertTrue(options.export());
        assertFalse(options.exportAgentJvms(), "JVMs that run the agent are left to it");
        assertTrue(options.liveView());
        assertFalse(options.help());
    }

    @Test
    void aPcapCopiesWholeMessagesUnlessTheSnapLengthIsGiven() throws Exception {
        assertEquals(4096, OptionsParser.parse("--pcap", "out.pcap").snaplen());
        assertEquals(100, OptionsParser.parse("--pcap", "out.pcap", "-s", "100").snaplen());
        assertEquals(256, OptionsParser.parse("--json", "out.json").snaplen());
    }

    @Test
    void theCpuBudgetIsAPercentageOfOneCore() throws Exception {
        assertEquals(100, OptionsParser.parse("--cpu", "100").cpuPercent());
        assertEquals(5, OptionsParser.parse("--cpu=5").cpuPercent());
        for (String bad : List.of("0", "101", "half", "-5")) {
            UsageException e = org.junit.jupiter.api.Assertions.assertThrows(
                    UsageException.class, () -> OptionsParser.parse("--cpu", bad));
            assertEquals("--cpu needs a percentage of one core from 1 to 100, got \"" + bad + "\"", e.getMessage());
        }
    }

    @Test
    void agentJvmsAreSkippedOrExported() throws Exception {
        assertTrue(OptionsParser.parse("--agent-jvms", "export").exportAgentJvms());
        assertFalse(OptionsParser.parse("--agent-jvms=skip").exportAgentJvms());
        UsageException bad = org.junit.jupiter.api.Assertions.assertThrows(
                UsageException.class, () -> OptionsParser.parse("--agent-jvms", "both"));
        assertEquals(
                "--agent-jvms needs skip (the agent exports their spans) or export (spans from both), got \"both\"",
                bad.getMessage());
    }

    @Test
    void repeatableFlagsAddUpAndOthersKeepTheLastValue() throws Exception {
        Options options = OptionsParser.parse(
                "--pid",
                "1",
                "--pid=2",
                "--path",
                "/a",
                "-s",
                "8",
                "--snaplen",
                "9",
                "-qX",
                "--no-export",
                "--json",
                "-");
        assertEquals(List.of(1L, 2L), options.pids());
        assertEquals(List.of("/a"), options.paths());
        assertEquals(9, options.snaplen());
        assertTrue(options.quiet());
        assertTrue(options.hexDump());
        assertFalse(options.export());
        assertFalse(options.liveView());
    }

    @Test
    void helpListsEveryFlagOfTheTableWithItsValueAndKeepsItsExamples() {
        String help = HelpText.render();
        for (Flag flag : Flag.values()) {
            assertTrue(help.contains("\n  " + flag.synopsis() + " "), "help lists " + flag.synopsis());
        }
        assertFalse(help.contains("{"), "every placeholder filled");
        assertTrue(help.contains("Examples\n"), help);
        help.lines()
                .filter(line -> line.startsWith("  -") || line.startsWith("Usage"))
                .forEach(line -> assertTrue(line.length() <= 100, "fits 100 columns: " + line));
    }
}
