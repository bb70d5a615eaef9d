package dev.udsotel.sidecar.capture;

import dev.udsotel.testing.SystemPython;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** Starts the real socat and python3 processes that tests trace, and stops them afterwards. */
final class RealProcesses implements AutoCloseable {
    private final List<Process> started = new ArrayList<>();

    /** socat echo server: every connection is answered by a forked cat. */
    Process socatEchoServer(String listenAddress) throws IOException {
        return start("socat", listenAddress + ",fork", "EXEC:cat");
    }

    /** Sends {@code message} with socat, waits for it to exit, and returns its pid and what came back. */
    Finished socatClient(String connectAddress, String message) throws IOException, InterruptedException {
        Process client = start("socat", "-t", "2", "-", connectAddress);
        client.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
        client.getOutputStream().close();
        String reply = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        client.waitFor(30, TimeUnit.SECONDS);
        return new Finished(
                client.pid(), reply, new String(client.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Runs a python3 program to its end. */
    Finished python(String program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(SystemPython.PATH, "-c", program));
        command.addAll(List.of(args));
        Process p = start(command.toArray(String[]::new));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return new Finished(p.pid(), out, new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    record Finished(long pid, String output, String errors) {}

    Process start(String... command) throws IOException {
        Process p = new ProcessBuilder(command).start();
        started.add(p);
        return p;
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
        for (Process p : started) {
            p.destroy();
        }
    }
}
