package dev.udsotel.sidecar.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Real programs the tests drive: servers in the background, clients run to completion. */
public final class Commands {
    /** A tiny HTTP/1.1 server on a Unix socket that answers every request with a small JSON body. */
    public static final String PYTHON_UDS_HTTP_SERVER = """
            import socketserver, sys
            class Handler(socketserver.StreamRequestHandler):
                def handle(self):
                    request = b''
                    while b'\\r\\n\\r\\n' not in request:
                        chunk = self.request.recv(4096)
                        if not chunk:
                            return
                        request += chunk
                    body = b'{"ok":true}'
                    self.wfile.write(b'HTTP/1.1 200 OK\\r\\nContent-Type: application/json\\r\\nContent-Length: '
                                     + str(len(body)).encode() + b'\\r\\nConnection: close\\r\\n\\r\\n' + body)
            socketserver.UnixStreamServer(sys.argv[1], Handler).serve_forever()
            """;

    private Commands() {}

    static Process background(String... command) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Runs a client to completion and returns its stdout. */
    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(List.of(command) + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException(List.of(command) + " exited with " + p.exitValue());
        }
        return out;
    }

    /** Runs a client that reads {@code input} on stdin, and returns its stdout. */
    static String runWithInput(String input, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (var stdin = p.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(List.of(command) + " failed");
        }
        return out;
    }

    static void awaitFile(Path path) throws InterruptedException {
        await(() -> Files.exists(path), "socket " + path + " to appear");
    }

    /** Waits for something that the test then asserts in detail; the limit only guards against hanging. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    static void stop(Process p) throws InterruptedException {
        if (p != null) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
