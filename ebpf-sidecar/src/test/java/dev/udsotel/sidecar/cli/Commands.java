package dev.udsotel.sidecar.cli;

import dev.udsotel.testing.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/** Real programs the tests drive: servers in the background, clients run to completion. */
public final class Commands {
    /** A tiny HTTP/1.1 server on a Unix socket that answers every request with a small JSON body, then closes. */
    public static final String PYTHON_UDS_HTTP_SERVER = pythonHttpServer(false);

    /**
     * The same server keeping each connection open for further requests until the client closes it. A server that
     * closes right after answering leaves the client's socket with no peer inode the kernel can still name, so an agent
     * at the client end cannot learn the connection's second inode (see docs/exchange-model.md).
     */
    public static final String PYTHON_UDS_KEEP_ALIVE_HTTP_SERVER = pythonHttpServer(true);

    private static String pythonHttpServer(boolean keepAlive) {
        return """
                import socketserver, sys
                KEEP_ALIVE = %s
                class Handler(socketserver.StreamRequestHandler):
                    def handle(self):
                        while True:
                            request = b''
                            while b'\\r\\n\\r\\n' not in request:
                                chunk = self.request.recv(4096)
                                if not chunk:
                                    return
                                request += chunk
                            body = b'{"ok":true}'
                            close = b'' if KEEP_ALIVE else b'Connection: close\\r\\n'
                            self.wfile.write(b'HTTP/1.1 200 OK\\r\\nContent-Type: application/json\\r\\nContent-Length: '
                                             + str(len(body)).encode() + b'\\r\\n' + close + b'\\r\\n' + body)
                            if not KEEP_ALIVE:
                                return
                server = socketserver.ThreadingUnixStreamServer if KEEP_ALIVE else socketserver.UnixStreamServer
                server(sys.argv[1], Handler).serve_forever()
                """.formatted(keepAlive ? "True" : "False");
    }

    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

    private Commands() {}

    /** Starts a server; its output is kept (and logged under target/child-processes) for a failure to show. */
    static ChildProcess background(String... command) {
        return ChildProcess.command(command).start();
    }

    /** Runs a client to completion and returns its stdout; a failure shows its stdout and stderr. */
    static String run(String... command) {
        return ChildProcess.command(command).run(CLIENT_TIMEOUT).assertSuccess().stdout();
    }

    /** Runs a client that reads {@code input} on stdin, and returns its stdout. */
    static String runWithInput(String input, String... command) {
        return ChildProcess.command(command)
                .input(input)
                .run(CLIENT_TIMEOUT)
                .assertSuccess()
                .stdout();
    }

    static void awaitFile(Path path) throws InterruptedException {
        await(() -> Files.exists(path), "socket " + path + " to appear");
    }

    /** Waits for something that the test then asserts in detail; the limit only guards against hanging. */
    static void await(BooleanSupplier condition, String what) {
        Awaitility.await(what)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(condition::getAsBoolean);
    }

    static void stop(ChildProcess p) {
        if (p != null) {
            p.close();
        }
    }
}
