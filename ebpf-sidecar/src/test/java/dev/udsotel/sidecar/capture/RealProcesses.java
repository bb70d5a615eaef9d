package dev.udsotel.sidecar.capture;

import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.SystemPython;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/** The real socat and python3 processes that the capture tests trace, stopped afterwards. */
final class RealProcesses implements AutoCloseable {
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    private final List<ChildProcess> started = new ArrayList<>();

    /** socat echo server: every connection is answered by a forked cat. */
    ChildProcess socatEchoServer(String listenAddress) {
        return keep(ChildProcess.command("socat", listenAddress + ",fork", "EXEC:cat")
                .name("socat-echo")
                .start());
    }

    /** Sends {@code message} with socat, waits for it to exit, and returns its pid and what came back. */
    Finished socatClient(String connectAddress, String message) {
        return finish(ChildProcess.command("socat", "-t", "2", "-", connectAddress)
                .name("socat-client")
                .input(message)
                .start());
    }

    /** Runs a python3 program to its end. */
    Finished python(String program, String... args) {
        List<String> command = new ArrayList<>(List.of(SystemPython.PATH, "-c", program));
        command.addAll(List.of(args));
        return finish(ChildProcess.command(command).name("python").start());
    }

    /** What a finished process printed: {@code errors} goes into the failure message of any assertion on it. */
    record Finished(long pid, String output, String errors) {}

    private Finished finish(ChildProcess process) {
        keep(process).waitFor(CLIENT_TIMEOUT);
        return new Finished(process.pid(), process.stdout(), process.stderr());
    }

    private ChildProcess keep(ChildProcess process) {
        started.add(process);
        return process;
    }

    /** Waits until a socket with this address (a path, or @name) listens, as /proc/net/unix shows it. */
    static void awaitListening(String address) {
        Awaitility.await(address + " to listen")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(25))
                .until(() -> Files.readAllLines(Path.of("/proc/net/unix")).stream()
                        .anyMatch(l -> l.endsWith(" " + address)));
    }

    @Override
    public void close() {
        started.forEach(ChildProcess::close);
    }
}
