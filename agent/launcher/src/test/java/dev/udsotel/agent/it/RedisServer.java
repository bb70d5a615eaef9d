package dev.udsotel.agent.it;

import dev.udsotel.testing.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

/** A real redis-server (installed by ./dev) listening on a Unix socket and on a TCP loopback port. */
final class RedisServer implements AutoCloseable {
    final Path socket;
    final int port;
    private final ChildProcess process;

    private RedisServer(Path socket, int port, ChildProcess process) {
        this.socket = socket;
        this.port = port;
        this.process = process;
    }

    static RedisServer start(Path directory) {
        Path socket = directory.resolve("redis.sock");
        int port = freePort();
        ChildProcess process = ChildProcess.command(
                        "redis-server",
                        "--port",
                        String.valueOf(port),
                        "--bind",
                        "127.0.0.1",
                        "--unixsocket",
                        socket.toString(),
                        "--save",
                        "",
                        "--appendonly",
                        "no")
                .name("redis-server")
                .start();
        process.awaitOutput("Ready to accept connections", TracedJvm.WAIT);
        return new RedisServer(socket, port, process);
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }
}
