package dev.udsotel.sidecar.output;

import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.Prerequisite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads a pcap back with the real tshark, the way a user would. */
public final class Tshark {
    private Tshark() {}

    /** One line per packet matching {@code displayFilter}, fields separated by tabs. */
    public static List<String> fields(Path pcap, String displayFilter, String... fields) throws Exception {
        Prerequisite.require(
                Files.isExecutable(Path.of("/usr/bin/tshark")), "tshark is not installed (apt-get install tshark)");
        List<String> command =
                new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString(), "-Y", displayFilter, "-T", "fields"));
        for (String f : fields) {
            command.add("-e");
            command.add(f);
        }
        String out = ChildProcess.command(command)
                .run(Duration.ofSeconds(60))
                .assertSuccess()
                .stdout();
        return out.lines().filter(l -> !l.isBlank()).toList();
    }
}
