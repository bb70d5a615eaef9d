package dev.udsotel.sidecar.output;

import dev.udsotel.testing.Prerequisite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("tshark did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException("tshark failed with " + p.exitValue() + " on " + pcap);
        }
        return out.lines().filter(l -> !l.isBlank()).toList();
    }
}
