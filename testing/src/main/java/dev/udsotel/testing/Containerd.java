package dev.udsotel.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A private containerd, a real Go gRPC server on a Unix socket: its own root, state, plugin directory and socket
 * under one directory, and no CRI plugin, so it boots in well under a second and shares nothing with the machine's
 * containerd or dockerd's. {@code ctr} against its socket is a real Go gRPC client. Needs root, like containerd.
 */
public final class Containerd implements AutoCloseable {
    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

    private final ChildProcess process;
    private final Path socket;

    private Containerd(ChildProcess process, Path socket) {
        this.process = process;
        this.socket = socket;
    }

    /** Starts containerd with everything under {@code dir}, and waits until it serves. */
    public static Containerd start(Path dir) throws IOException {
        Prerequisite.requireCommands("containerd", "ctr");
        Path socket = dir.resolve("containerd.sock");
        Path config = dir.resolve("containerd.toml");
        Files.writeString(config, """
                version = 2
                root = "%s"
                state = "%s"
                disabled_plugins = ["io.containerd.grpc.v1.cri"]
                [grpc]
                  address = "%s"
                [ttrpc]
                  address = "%s"
                [plugins."io.containerd.internal.v1.opt"]
                  path = "%s"
                """.formatted(
                        dir.resolve("root"),
                        dir.resolve("state"),
                        socket,
                        dir.resolve("containerd.ttrpc.sock"),
                        dir.resolve("opt")));
        ChildProcess process = ChildProcess.command("containerd", "--config", config.toString())
                .name("containerd")
                .start();
        try {
            process.awaitOutput("containerd successfully booted", BOOT);
        } catch (AssertionError e) {
            process.close();
            throw e;
        }
        return new Containerd(process, socket);
    }

    /** The gRPC socket. */
    public Path socket() {
        return socket;
    }

    /** Runs {@code ctr} against this containerd; it must succeed. Returns its stdout. */
    public String ctr(String... args) {
        return ctrCommand(args).run(CLIENT_TIMEOUT).assertSuccess().stdout();
    }

    /** Runs {@code ctr} against this containerd whatever its exit status, for calls meant to fail. */
    public CommandResult ctrResult(String... args) {
        return ctrCommand(args).run(CLIENT_TIMEOUT);
    }

    private ChildProcess.Builder ctrCommand(String... args) {
        List<String> command = new ArrayList<>(List.of("ctr", "--address", socket.toString()));
        command.addAll(List.of(args));
        return ChildProcess.command(command).name("ctr");
    }

    @Override
    public void close() {
        process.close();
    }
}
