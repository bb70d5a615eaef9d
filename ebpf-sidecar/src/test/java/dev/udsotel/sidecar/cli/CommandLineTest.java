package dev.udsotel.sidecar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a user gets from the real program for bad flags, --help and a host that cannot trace. */
class CommandLineTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--pid abc          | uds-trace: --pid needs a process id (a positive integer), got \"abc\"",
                "--pid -3           | uds-trace: --pid needs a process id (a positive integer), got \"-3\"",
                "--path             | uds-trace: --path needs a socket path or glob, such as /run/docker.sock, '/tmp/*.sock' or @abstract-name",
                "--verbose          | uds-trace: unknown flag --verbose (uds-trace --help lists the flags)",
                "-qZ                | uds-trace: unknown flag -qZ (uds-trace --help lists the flags)",
                "--count=0          | uds-trace: --count needs a number of messages (a positive integer), got \"0\"",
                "--json - --pcap -  | uds-trace: --json - and --pcap - cannot both write to stdout; give one of them a file",
                "/run/docker.sock   | uds-trace: unexpected argument /run/docker.sock: uds-trace takes only flags (filter with --path, --pid or --comm)",
                "-q --no-export=yes | uds-trace: --no-export takes no value",
            })
    void aBadCommandLineExitsWithTwoAndOneLineNamingTheFlag(String args, String message) throws Exception {
        try (UdsTraceProcess cli = UdsTraceProcess.start(dir, args.trim().split(" +"))) {
            assertEquals(2, cli.waitFor());
            assertEquals(message + "\n", cli.stderr());
            assertEquals("", cli.stdout());
        }
    }

    @Test
    void helpExplainsWhatIsCapturedEveryFlagAndGivesExamples() throws Exception {
        try (UdsTraceProcess cli = UdsTraceProcess.start(dir, "--help")) {
            assertEquals(0, cli.waitFor());
            String help = cli.stdout();
            for (String flag : List.of(
                    "--path GLOB",
                    "--pid N",
                    "--comm NAME",
                    "-X",
                    "-q",
                    "--json FILE|-",
                    "--pcap FILE|-",
                    "--no-export",
                    "--count N",
                    "--status-interval",
                    "--cgroup DIR",
                    "--buffer-size",
                    "--snaplen",
                    "OTEL_TRACES_EXPORTER",
                    "OTEL_EXPORTER_OTLP_ENDPOINT",
                    "CAP_BPF")) {
                assertTrue(help.contains(flag), "help mentions " + flag);
            }
            for (String example : List.of(
                    "curl --unix-socket /var/run/docker.sock",
                    "--comm redis-server",
                    "tshark -r /tmp/uds.pcap -Y http",
                    "| jq",
                    "jaegertracing/all-in-one")) {
                assertTrue(help.contains(example), "help has an example with " + example);
            }
            assertEquals("", cli.stderr());
        }
    }

    @Test
    void withoutCapBpfAndCapPerfmonItSaysWhatIsMissingAndExitsWithOne() throws Exception {
        List<String> dropped =
                List.of("setpriv", "--bounding-set=-bpf,-perfmon,-sys_admin", "--inh-caps=-bpf,-perfmon,-sys_admin");
        try (UdsTraceProcess cli = UdsTraceProcess.start(dir, Map.of("OTEL_TRACES_EXPORTER", "none"), dropped, "-q")) {
            assertEquals(1, cli.waitFor());
            String err = cli.stderr();
            assertTrue(err.startsWith("uds-trace: "), err);
            assertTrue(err.contains("needs root, or CAP_BPF and CAP_PERFMON"), err);
            assertEquals(1, err.lines().count(), "one line: " + err);
        }
    }

    @Test
    void anUnwritablePcapFileIsReportedWithTheFlag() throws Exception {
        try (UdsTraceProcess cli =
                UdsTraceProcess.start(dir, "-q", "--no-export", "--pcap", "/nonexistent/dir/x.pcap")) {
            assertEquals(1, cli.waitFor());
            assertTrue(
                    cli.stderr().startsWith("uds-trace: --pcap /nonexistent/dir/x.pcap: cannot write"), cli.stderr());
        }
    }
}
