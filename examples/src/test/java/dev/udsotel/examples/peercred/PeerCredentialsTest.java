package dev.udsotel.examples.peercred;

import static dev.udsotel.examples.Examples.WAIT;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.examples.Examples;
import dev.udsotel.testing.ChildProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerCredentialsTest {

    @TempDir
    Path directory;

    @Test
    void bothEndsReportTheCurrentUserAndGroup() {
        String user =
                ChildProcess.run(WAIT, "id", "-un").assertSuccess().stdout().strip();
        String group =
                ChildProcess.run(WAIT, "id", "-gn").assertSuccess().stdout().strip();
        String expected = "user=" + user + " group=" + group;
        Path socket = directory.resolve("peercred.sock");

        try (ChildProcess server = Examples.startServer(PeerCredentials.class, socket.toString())) {
            String client = Examples.runClient(PeerCredentials.class, "--connect", socket.toString())
                    .stdout();

            assertTrue(client.contains("server is " + expected), client);
            assertTrue(client.contains("server says: you are " + expected), client);
            server.awaitOutput("client connected: " + expected, WAIT);
        }
    }
}
