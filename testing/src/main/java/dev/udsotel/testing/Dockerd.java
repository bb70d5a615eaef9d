package dev.udsotel.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A private dockerd (Debian's docker.io) on a {@link Containerd} of the test's own: its socket, data, exec root and
 * configuration under one directory, a bridge of its own, no iptables, the vfs storage driver, so it starts in a fraction of a
 * second and leaves the machine's network and dockerd alone. dockerd is a real Go gRPC client of containerd, and
 * {@code docker} a real HTTP/1 client of dockerd. Needs root.
 */
public final class Dockerd implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

    private final ChildProcess process;
    private final Path socket;
    private final String bridge;

    private Dockerd(ChildProcess process, Path socket, String bridge) {
        this.process = process;
        this.socket = socket;
        this.bridge = bridge;
    }

    /** Starts dockerd with everything under {@code dir}, on {@code containerd}, and waits until its API listens. */
    public static Dockerd start(Path dir, Containerd containerd) throws IOException {
        Prerequisite.requireCommands("dockerd", "docker");
        Path socket = dir.resolve("docker.sock");
        Path config = dir.resolve("daemon.json");
        Files.writeString(config, "{}\n");
        // a bridge of its own: a dockerd started with --bridge none deletes the machine's docker0 at start
        String bridge = "udsotel" + ProcessHandle.current().pid() % 100_000;
        ip("link", "add", bridge, "type", "bridge");
        ip("addr", "add", "172.31.254.1/24", "dev", bridge);
        ChildProcess process = ChildProcess.command(
                        "dockerd",
                        "--host",
                        "unix://" + socket,
                        "--containerd",
                        containerd.socket().toString(),
                        "--data-root",
                        dir.resolve("docker-data").toString(),
                        "--exec-root",
                        dir.resolve("docker-exec").toString(),
                        "--pidfile",
                        dir.resolve("docker.pid").toString(),
                        "--config-file",
                        config.toString(),
                        "--bridge",
                        bridge,
                        "--iptables=false",
                        "--ip6tables=false",
                        "--storage-driver",
                        "vfs")
                .name("dockerd")
                .start();
        try {
            process.awaitOutput("API listen on", START);
        } catch (AssertionError e) {
            process.close();
            removeBridge(bridge);
            throw e;
        }
        return new Dockerd(process, socket, bridge);
    }

    private static void ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        ChildProcess.command(command).name("ip").run(CLIENT_TIMEOUT).assertSuccess();
    }

    /** The API socket. */
    public Path socket() {
        return socket;
    }

    /** Runs {@code docker} against this dockerd; it must succeed. Returns its stdout. */
    public String docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker", "--host", "unix://" + socket));
        command.addAll(List.of(args));
        return ChildProcess.command(command)
                .name("docker")
                .run(CLIENT_TIMEOUT)
                .assertSuccess()
                .stdout();
    }

    @Override
    public void close() {
        process.close();
        removeBridge(bridge);
    }

    /** dockerd may have removed it on its way out. */
    private static void removeBridge(String bridge) {
        ChildProcess.command("ip", "link", "delete", bridge).name("ip").run(CLIENT_TIMEOUT);
    }
}
