package dev.udsotel.sidecar.deploy;

import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.CommandResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Runs engine commands to completion, output captured; a failure names the command and shows its output. */
final class Shell {
    private Shell() {}

    record Result(int exitCode, String output) {}

    /** Runs to completion; stdout and stderr together, as a terminal shows them (a container's logs use both). */
    static Result run(Map<String, String> env, long timeoutSeconds, List<String> command) {
        CommandResult r = ChildProcess.command(command)
                .name(Path.of(command.get(0)).getFileName().toString())
                .env(env)
                .errorIntoOutput()
                .run(Duration.ofSeconds(timeoutSeconds));
        return new Result(r.exitCode(), r.stdout());
    }

    static String check(Map<String, String> env, long timeoutSeconds, List<String> command)
            throws IOException, InterruptedException {
        Result r = run(env, timeoutSeconds, command);
        if (r.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + r.exitCode() + ":\n" + r.output());
        }
        return r.output();
    }

    static String check(Map<String, String> env, long timeoutSeconds, String... command)
            throws IOException, InterruptedException {
        return check(env, timeoutSeconds, List.of(command));
    }

    static String check(String... command) throws IOException, InterruptedException {
        return check(Map.of(), 600, command);
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", program));
    }
}
