package dev.udsotel.examples.echo;

import static dev.udsotel.examples.Examples.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.examples.Examples;
import dev.udsotel.testing.ChildProcess;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EchoServerTest {

    @TempDir
    Path directory;

    @Test
    void echoesEachLineSentWithNetcatAndSocat() {
        Path socket = directory.resolve("echo.sock");
        try (ChildProcess server = Examples.startServer(EchoServer.class, socket.toString())) {
            String viaNc = ChildProcess.command("nc", "-U", "-N", socket.toString())
                    .input("one\ntwo\n")
                    .run(WAIT)
                    .assertSuccess()
                    .stdout();
            String viaSocat = ChildProcess.command("socat", "-", "UNIX-CONNECT:" + socket)
                    .input("three\n")
                    .run(WAIT)
                    .assertSuccess()
                    .stdout();

            assertEquals("one\ntwo\n", viaNc);
            assertEquals("three\n", viaSocat);
        }
    }

    @Test
    void echoClientPrintsTheReplyToEachMessage() {
        Path socket = directory.resolve("echo.sock");
        try (ChildProcess server = Examples.startServer(EchoServer.class, socket.toString())) {
            String printed = Examples.runClient(EchoClient.class, socket.toString(), "hello", "two words")
                    .stdout();

            assertEquals("reply: hello\nreply: two words\n", printed);
        }
    }

    @Test
    void replacesAStaleSocketFileAndRemovesItsOwnWhenStopped() throws Exception {
        Path socket = directory.resolve("stale.sock");
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket)); // closing leaves the file behind, as a crash would
        }
        assertTrue(Files.exists(socket));

        try (ChildProcess server = Examples.startServer(EchoServer.class, socket.toString())) {
            assertEquals(
                    "still here\n",
                    ChildProcess.command("nc", "-U", "-N", socket.toString())
                            .input("still here\n")
                            .run(WAIT)
                            .assertSuccess()
                            .stdout());

            server.stop(Duration.ofSeconds(20));
        }
        assertFalse(Files.exists(socket), "the server left " + socket + " behind");
    }
}
