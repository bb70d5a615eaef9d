package dev.udsotel.core.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The service name of a connection's peer process, for {@code peer.service} on client spans: the name that process's
 * own spans carry, so a trace back end draws one edge between the two services. A JVM that runs the agent is named the
 * agent's way (OTEL_SERVICE_NAME or otel.service.name, else its main class or jar); every other process the way
 * uds-trace names it (the base name of argv[0]).
 */
public final class PeerServices {
    /** Launcher options whose value is the next argument, so it is not taken for the main class. */
    private static final Set<String> TAKES_VALUE = Set.of(
            "-cp",
            "-classpath",
            "--class-path",
            "-p",
            "--module-path",
            "--upgrade-module-path",
            "--add-modules",
            "--limit-modules",
            "--add-opens",
            "--add-exports",
            "--add-reads",
            "--patch-module",
            "--enable-native-access",
            "--source");

    private final Path proc;
    private final ProcessIdentities processes;
    private final AgentJvms agentJvms;

    public PeerServices(Path proc, ProcessIdentities processes, AgentJvms agentJvms) {
        this.proc = proc;
        this.processes = processes;
        this.agentJvms = agentJvms;
    }

    public String nameOf(int pid) {
        String executable = processes.executableOf(pid);
        if (agentJvms.runsAgent(pid, executable, System.nanoTime())) {
            String name = jvmServiceName(read(pid, "cmdline"), read(pid, "environ"));
            if (name != null) {
                return name;
            }
        }
        return processes.serviceNameOf(pid);
    }

    /** As the agent names its JVM: the configured service name, else the main class's simple name or the jar's name. */
    static String jvmServiceName(List<String> argv, List<String> environment) {
        for (String variable : environment) {
            if (variable.startsWith("OTEL_SERVICE_NAME=") && variable.length() > 18) {
                return variable.substring(18);
            }
        }
        for (int i = 1; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg.startsWith("-Dotel.service.name=") && arg.length() > 20) {
                return arg.substring(20);
            }
        }
        for (int i = 1; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg.equals("-jar") && i + 1 < argv.size()) {
                String jar = Path.of(argv.get(i + 1)).getFileName().toString();
                return jar.endsWith(".jar") ? jar.substring(0, jar.length() - 4) : jar;
            }
            if ((arg.equals("-m") || arg.equals("--module")) && i + 1 < argv.size()) {
                return simpleName(argv.get(i + 1).substring(argv.get(i + 1).indexOf('/') + 1));
            }
            if (TAKES_VALUE.contains(arg)) {
                i++;
            } else if (!arg.startsWith("-")) {
                return simpleName(arg);
            }
        }
        return null;
    }

    private static String simpleName(String mainClass) {
        return mainClass.substring(mainClass.lastIndexOf('.') + 1);
    }

    private List<String> read(int pid, String file) {
        List<String> parts = new ArrayList<>();
        try {
            byte[] bytes =
                    Files.readAllBytes(proc.resolve(Integer.toString(pid)).resolve(file));
            int start = 0;
            for (int i = 0; i <= bytes.length; i++) {
                if (i == bytes.length || bytes[i] == 0) {
                    if (i > start) {
                        parts.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                    }
                    start = i + 1;
                }
            }
        } catch (IOException | SecurityException e) {
            // gone, or not ours to read: named the plain way
        }
        return parts;
    }
}
