package dev.udsotel.examples.http;

import static dev.udsotel.examples.Examples.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.examples.Examples;
import dev.udsotel.testing.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One server for the class: every test only reads from it. */
class HttpUdsServerTest {

    private static Path directory;
    private static Path socket;
    private static ChildProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        directory = Files.createTempDirectory("uds-http");
        socket = directory.resolve("http.sock");
        server = Examples.startServer(HttpUdsServer.class, socket.toString());
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
        Files.deleteIfExists(socket);
        Files.deleteIfExists(directory);
    }

    @Test
    void servesTheContainerListAsJsonToCurl() {
        List<String> reply = curl("http://localhost/containers/json");

        assertEquals("200", reply.get(0));
        assertTrue(reply.get(1).startsWith("[{\"Id\":") && reply.get(1).contains("\"Names\":[\"/web\"]"), reply.get(1));
    }

    @Test
    void servesItsVersion() {
        List<String> reply = curl("http://localhost/version");

        assertEquals("200", reply.get(0));
        assertTrue(reply.get(1).contains("\"ApiVersion\":\"1.47\""), reply.get(1));
    }

    @Test
    void echoesAPostedBody() {
        List<String> reply = curl(
                "-X", "POST", "-H", "Content-Type: application/json", "--data", "{\"n\":1}", "http://localhost/echo");

        assertEquals(List.of("200", "{\"n\":1}"), reply);
    }

    @Test
    void sendsTheChunkedEndpointAsSeveralHttpChunks() {
        String raw = ChildProcess.command(
                        "curl", "-s", "-i", "--raw", "--unix-socket", socket.toString(), "http://localhost/chunked")
                .run(WAIT)
                .assertSuccess()
                .stdout();

        assertTrue(raw.toLowerCase().contains("transfer-encoding: chunked"), raw);
        String body = raw.substring(raw.indexOf("\r\n\r\n") + 4).toLowerCase();
        for (int chunk = 1; chunk <= DockerLikeApi.CHUNKS; chunk++) {
            // each write is framed by its own size line: "d" is 13, the length of "chunk i of 5\n"
            assertTrue(
                    body.contains("d\r\nchunk " + chunk + " of 5\n\r\n"),
                    "chunk " + chunk + " not framed alone in:\n" + body);
        }
        assertTrue(body.endsWith("0\r\n\r\n"), body);
    }

    @Test
    void answersWithTheStatusItIsAskedFor() {
        assertEquals("503", curl("http://localhost/status/503").get(0));
        assertEquals("404", curl("http://localhost/status/404").get(0));
        assertEquals("404", curl("http://localhost/no/such/thing").get(0));
    }

    @Test
    void jettyClientPrintsAnOkStatusForEachRequestOfEachRound() {
        String printed =
                Examples.runClient(HttpUdsClient.class, socket.toString(), "2").stdout();

        assertEquals(expectedStatusLines(2), printed);
    }

    @Test
    void handWrittenClientPrintsTheSameAsTheJettyClient() {
        String printed = Examples.runClient(PlainHttpUdsClient.class, socket.toString(), "2")
                .stdout();

        assertEquals(expectedStatusLines(2), printed);
    }

    private static String expectedStatusLines(int rounds) {
        String round = "GET /containers/json -> 200 OK (213 bytes)\n"
                + "GET /version -> 200 OK ("
                + curl("http://localhost/version").get(1).length() + " bytes)\n"
                + "POST /echo -> 200 OK (15 bytes)\n"
                + "GET /chunked -> 200 OK (65 bytes)\n";
        return round.repeat(rounds);
    }

    /** The status code, then the body, as curl reports them. */
    private static List<String> curl(String... arguments) {
        List<String> command =
                new ArrayList<>(List.of("curl", "-s", "-w", "\n%{http_code}", "--unix-socket", socket.toString()));
        command.addAll(List.of(arguments));
        String out = ChildProcess.command(command).run(WAIT).assertSuccess().stdout();
        int split = out.lastIndexOf('\n');
        return List.of(out.substring(split + 1), out.substring(0, split));
    }
}
