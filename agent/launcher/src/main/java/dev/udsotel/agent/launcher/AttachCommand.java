package dev.udsotel.agent.launcher;

import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;

/** {@code java -jar uds-agent.jar list | attach <pid> [options] | help}: traces a JVM that is already running. */
final class AttachCommand {
    private static final String USAGE = """
            uds-agent: traces a JVM's Unix domain socket traffic as OpenTelemetry spans.

            At start-up (JDK 17 to 25):
              java -javaagent:uds-agent.jar[=option=value,...] -jar app.jar

            Into a running JVM, without a restart:
              java -jar uds-agent.jar list                      JVMs this user may attach to
              java -jar uds-agent.jar attach <pid> [options]    start tracing in JVM <pid>
              java -jar uds-agent.jar help                      this text

            Options (option=value, comma-separated; also -Duds.<option> or UDS_<OPTION> in the environment):
              payload.bytes=256     bytes of payload kept per direction of an exchange (0 to 65536)
              capture=on            off: record sizes and timing only, no payload bytes at all
              paths.include=GLOBS   only these socket paths, ';'-separated globs (e.g. /run/*.sock;/tmp/**)
              paths.exclude=GLOBS   never these socket paths
              idle.gap.ms=1000      silence that closes an exchange or a one-way burst
              queue.size=16384      events waiting for export; a full queue drops and counts
              export.cpu=10         percent of one core for the export thread (1 to 100); beyond it whole
                                    exchanges are shed and counted
              export.priority=idle  normal: the export thread competes with the application; idle: it runs
                                    only on CPU time the application leaves unused (Linux SCHED_IDLE)
              redaction=on          off: export previews as captured (ssh-agent/gpg-agent keys stay out)
              payload.raw.paths=GLOBS  export unrecognized binary payloads on these socket paths as they are
              enabled=true          false: load but do nothing

            Export uses the standard OpenTelemetry settings of the traced JVM (environment or -D), for example
              OTEL_TRACES_EXPORTER=otlp|console|logging-otlp|none   OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4317
              OTEL_EXPORTER_OTLP_PROTOCOL=grpc|http/protobuf        OTEL_SERVICE_NAME=my-service

            Examples:
              java -javaagent:uds-agent.jar=payload.bytes=1024 -jar app.jar
              OTEL_TRACES_EXPORTER=console java -javaagent:uds-agent.jar -jar app.jar
              java -jar uds-agent.jar attach 12345 paths.include=/var/run/docker.sock
            """;

    private final PrintStream out;
    private final PrintStream err;

    AttachCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            return switch (args[0]) {
                case "list" -> list();
                case "attach" -> attach(args);
                default -> usageError("unknown command '" + args[0] + "'");
            };
        } catch (NoClassDefFoundError e) {
            err.println("uds-agent: attaching needs a JDK with the jdk.attach module; this Java runtime has none");
            return 1;
        }
    }

    private int list() {
        long self = ProcessHandle.current().pid();
        out.println("PID      JVM");
        for (VirtualMachineDescriptor vm : VirtualMachine.list()) {
            if (!vm.id().equals(Long.toString(self))) {
                out.printf("%-8s %s%n", vm.id(), vm.displayName().isEmpty() ? "(no main class)" : vm.displayName());
            }
        }
        return 0;
    }

    private int attach(String[] args) {
        if (args.length < 2 || args.length > 3) {
            return usageError("attach takes a pid and optional options: attach <pid> [option=value,...]");
        }
        String pid = args[1];
        if (pid.isEmpty() || pid.length() > 18 || !pid.chars().allMatch(Character::isDigit)) {
            return usageError("'" + pid + "' is not a process id");
        }
        if (ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
            err.println("uds-agent: there is no process " + pid + " (`list` shows the JVMs you may attach to)");
            return 1;
        }
        String options = args.length == 3 ? args[2] : "";
        String problem = checkOptions(options);
        if (problem != null) {
            err.println("uds-agent: " + problem);
            return 2;
        }
        try {
            VirtualMachine vm = VirtualMachine.attach(pid);
            try {
                vm.loadAgent(AgentJars.agentJar().toString(), options);
            } finally {
                vm.detach();
            }
            out.println("uds-agent: attached to " + pid + "; its standard error shows the agent's start-up line");
            return 0;
        } catch (AttachNotSupportedException e) {
            err.println("uds-agent: cannot attach to " + pid + ": " + e.getMessage()
                    + " (is it a JVM of this user? `list` shows the candidates)");
        } catch (AgentLoadException e) {
            err.println("uds-agent: " + pid + " refused the agent: " + e.getMessage());
        } catch (Exception e) {
            err.println("uds-agent: attaching to " + pid + " failed: " + e);
        }
        return 1;
    }

    /** Checks options here, so a typo is reported to the person attaching rather than in the target's log. */
    private static String checkOptions(String options) {
        try {
            AgentJars jars = AgentJars.unpack();
            try (URLClassLoader loader = new URLClassLoader(
                    new URL[] {jars.instrumentation().toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
                Class<?> config = Class.forName("dev.udsotel.agent.instrumentation.config.AgentConfig", true, loader);
                config.getMethod("read", String.class, Map.class, Map.class).invoke(null, options, Map.of(), Map.of());
            }
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause().getMessage();
        } catch (Exception e) {
            return null;
        }
    }

    private int usageError(String message) {
        err.println("uds-agent: " + message + "; see `java -jar uds-agent.jar help`");
        return 2;
    }
}
