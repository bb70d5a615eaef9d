package dev.udsotel.sidecar.cli;

import static dev.udsotel.sidecar.cli.Commands.await;
import static dev.udsotel.sidecar.cli.Commands.awaitFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.sidecar.output.Tshark;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.PostgresServer;
import dev.udsotel.testing.SystemPython;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real peers with secrets planted in every place a protocol carries them, seen by the real uds-trace with every
 * output on at once: the live view with {@code -X} (stdout), spans as OTLP JSON (stderr, with the status lines),
 * {@code --json} and {@code --pcap}. {@link LeakScanner} then looks for each secret in every form; the opt-ins are
 * shown to reveal the same bytes, so the scan can fail.
 */
@ExtendWith(CapturesInTestCgroup.class)
class SecretsStayInTest {
    /** A Unix-socket HTTP server that answers with a session cookie, the secret given as its second argument. */
    private static final String HTTP_SERVER = """
            import socketserver, sys
            cookie = sys.argv[2].encode()
            class Handler(socketserver.StreamRequestHandler):
                def handle(self):
                    request = b''
                    while b'\\r\\n\\r\\n' not in request:
                        chunk = self.request.recv(4096)
                        if not chunk:
                            return
                        request += chunk
                    head, _, body = request.partition(b'\\r\\n\\r\\n')
                    for line in head.split(b'\\r\\n'):
                        if line.lower().startswith(b'content-length:'):
                            while len(body) < int(line.split(b':')[1]):
                                body += self.request.recv(4096)
                    reply = b'{"ok":true}'
                    self.wfile.write(b'HTTP/1.1 200 OK\\r\\nSet-Cookie: sid=' + cookie + b'; HttpOnly\\r\\n'
                                     + b'Content-Length: ' + str(len(reply)).encode() + b'\\r\\nConnection: close\\r\\n\\r\\n'
                                     + reply)
            socketserver.UnixStreamServer(sys.argv[1], Handler).serve_forever()
            """;
    /** A Unix-socket peer for a binary protocol nothing decodes: it echoes; the client sends the secret once. */
    private static final String BINARY_PEERS = """
            import socket, sys, os, threading
            path, secret = sys.argv[1], sys.argv[2].encode()
            server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            server.bind(path)
            server.listen(1)
            def serve():
                c, _ = server.accept()
                c.sendall(c.recv(4096))
                c.close()
            t = threading.Thread(target=serve)
            t.start()
            client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            client.connect(path)
            client.sendall(b'\\x00\\x01\\x7f\\x02' + secret + b'\\x00\\xff\\xfe')
            print(len(client.recv(4096)))
            t.join()
            """;

    @TempDir
    Path dir;

    @Test
    void redisPasswordsNeverReachAnyOutput() throws Exception {
        Path socket = dir.resolve("redis.sock");
        String first = "rq-pass-Alpha-77310-first";
        String masterauth = "masterauth-Bravo-88211-x";
        String alice = "acl-alice-Charlie-99122-y";
        String migrate = "migrate-Delta-10233-pass-z";
        String second = "rq-pass-Echo-21344-second";
        String aliceHash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(alice.getBytes(StandardCharsets.UTF_8)));
        ChildProcess redis = Commands.background(
                "redis-server",
                "--port",
                "0",
                "--unixsocket",
                socket.toString(),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString(),
                "--requirepass",
                first);
        try {
            awaitFile(socket);
            Outputs outputs = capture(List.of("--path", socket.toString()), "+PONG", () -> {
                String s = socket.toString();
                client("redis-cli", "-s", s, "--no-auth-warning", "-a", first, "SET", "k", "v");
                client("redis-cli", "-s", s, "HELLO", "3", "AUTH", "default", first);
                client(
                        "redis-cli",
                        "-s",
                        s,
                        "--no-auth-warning",
                        "-a",
                        first,
                        "CONFIG",
                        "SET",
                        "masterauth",
                        masterauth);
                client("redis-cli", "-s", s, "--no-auth-warning", "-a", first, "CONFIG", "GET", "masterauth");
                client("redis-cli", "-s", s, "--no-auth-warning", "-a", first, "CONFIG", "GET", "requirepass");
                client(
                        "redis-cli",
                        "-s",
                        s,
                        "--no-auth-warning",
                        "-a",
                        first,
                        "ACL",
                        "SETUSER",
                        "alice",
                        "on",
                        ">" + alice,
                        "~*",
                        "+@all");
                client("redis-cli", "-s", s, "--no-auth-warning", "-a", first, "ACL", "GETUSER", "alice");
                client("redis-cli", "-s", s, "--no-auth-warning", "-a", first, "ACL", "LIST");
                client(
                        "redis-cli",
                        "-s",
                        s,
                        "--no-auth-warning",
                        "-a",
                        first,
                        "MIGRATE",
                        "127.0.0.1",
                        "1",
                        "k",
                        "0",
                        "100",
                        "AUTH",
                        migrate);
                client("redis-cli", "-s", s, "--no-auth-warning", "-a", first, "CONFIG", "SET", "requirepass", second);
                client("redis-cli", "-s", s, "--no-auth-warning", "-a", second, "PING");
            });
            outputs.assertNoneOf(first, masterauth, alice, aliceHash, migrate, second);
            assertTrue(
                    outputs.stderr.contains("\"CONFIG GET\"") && outputs.stderr.contains("\"ACL SETUSER\""),
                    "the spans were exported:\n" + outputs.stderr);
            List<String> resp = Tshark.fields(outputs.pcap, "resp", "resp.bulk_string.value");
            assertTrue(resp.size() >= 20, "the redacted pcap still decodes as RESP: " + resp);
        } finally {
            Commands.stop(redis);
        }
    }

    @Test
    void httpCredentialsNeverReachAnyOutputInAnyLocation() throws Exception {
        Path socket = dir.resolve("http.sock");
        String bearer = "bearer-Foxtrot-31455-tok";
        String basic = "basic-Golf-42566-password";
        String apiKey = "apikey-Hotel-53677-value";
        String query = "query-India-64788-token";
        String form = "form-Juliet-75899-passwd";
        String json = "json-Kilo-86900-clientsecret";
        String cookie = "cookie-Lima-97011-session";
        String setCookie = "setcookie-Mike-08122-sid";
        ChildProcess server = Commands.background(SystemPython.PATH, "-c", HTTP_SERVER, socket.toString(), setCookie);
        try {
            awaitFile(socket);
            Outputs outputs = capture(List.of("--path", socket.toString()), "/done", () -> {
                String s = socket.toString();
                client("curl", "-s", "--unix-socket", s, "-H", "Authorization: Bearer " + bearer, "http://x/a");
                client("curl", "-s", "--unix-socket", s, "-u", "bob:" + basic, "http://x/b");
                client("curl", "-s", "--unix-socket", s, "-H", "X-Api-Key: " + apiKey, "http://x/c");
                client("curl", "-s", "--unix-socket", s, "http://x/d?page=1&access_token=" + query);
                client("curl", "-s", "--unix-socket", s, "--data", "user=bob&password=" + form, "http://x/e");
                client(
                        "curl",
                        "-s",
                        "--unix-socket",
                        s,
                        "-H",
                        "Content-Type: application/json",
                        "--data",
                        "{\"user\":\"bob\",\"client_secret\":\"" + json + "\"}",
                        "http://x/f");
                client("curl", "-s", "--unix-socket", s, "-H", "Cookie: session=" + cookie, "http://x/g");
                client("curl", "-s", "--unix-socket", s, "http://x/done");
            });
            outputs.assertNoneOf(bearer, basic, apiKey, query, form, json, cookie, setCookie);
            assertTrue(outputs.stderr.contains("\"GET /d\""), "the spans were exported:\n" + outputs.stderr);
            List<String> http = Tshark.fields(outputs.pcap, "http.request", "http.request.uri");
            assertEquals(8, http.size(), "the redacted pcap still decodes as HTTP: " + http);
            assertTrue(http.contains("/d?page=1&access_token=***********************"), http.toString());
        } finally {
            Commands.stop(server);
        }
    }

    @Test
    void postgresPasswordsLiteralsAndRowsNeverReachAnyOutput(@TempDir Path postgresDirectory) throws Exception {
        String clear = "pg-clear-Quebec-41566-pw";
        String md5 = "pg-md5-Romeo-52677-pw";
        String scram = "pg-scram-Sierra-63788-pw";
        String altered = "pg-altered-Tango-74899-pw";
        String literal = "literal-Uniform-85900-value";
        Path bin = PostgresServer.binaries().orElseThrow(() -> new AssertionError("PostgreSQL is not installed"));
        try (PostgresServer server = PostgresServer.start(bin, postgresDirectory, clear, md5, scram)) {
            String socketDirectory = server.socket().getParent().toString();
            String psql = bin.resolve("psql").toString();
            String[][] sessions = {
                {"clear_user", clear, "SELECT name, email FROM users"},
                {"md5_user", md5, "SELECT name, email FROM users WHERE name = 'ann'"},
                {"scram_user", scram, "INSERT INTO users (name, email) VALUES ('" + literal + "', 'x@example.org')"},
                {"postgres", "", "ALTER ROLE clear_user PASSWORD '" + altered + "'"},
            };
            Outputs outputs = capture(
                    List.of("--path", server.socket().toString()),
                    live -> live.lines()
                                    .filter(l ->
                                            l.contains("/psql -> ") && l.endsWith(" 5 B \"X\\x00\\x00\\x00\\x04\""))
                                    .count()
                            >= sessions.length,
                    () -> {
                        for (String[] session : sessions) {
                            client(
                                    Map.of("PGPASSWORD", session[1]),
                                    psql,
                                    "-X",
                                    "-h",
                                    socketDirectory,
                                    "-U",
                                    session[0],
                                    "-d",
                                    "shop",
                                    "-c",
                                    session[2]);
                        }
                    });
            outputs.assertNoneOf(clear, md5, scram, altered, literal, "ann@example.org", "bob@example.org");
            assertTrue(
                    outputs.stderr.contains("\"SELECT users\"") && outputs.stderr.contains("\"AUTH\""),
                    "the spans were exported:\n" + outputs.stderr);
            List<String> pgsql = Tshark.fields(outputs.pcap, "pgsql", "pgsql.type");
            assertTrue(
                    pgsql.size() >= 20
                            && pgsql.stream().anyMatch(t -> t.contains("Password message"))
                            && pgsql.stream().anyMatch(t -> t.contains("Data row")),
                    "the redacted pcap still decodes as pgsql: " + pgsql);
        }
    }

    @Test
    void anSshPrivateKeyNeverReachesAnyOutputEvenWithRedactionOff() throws Exception {
        Path socket = dir.resolve("agent.sock");
        Path key = dir.resolve("id_ed25519");
        String comment = "comment-November-19233-key";
        client("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", key.toString());
        byte[] privateKey = OpenSshKeys.ed25519Seed(key);
        ChildProcess agent = Commands.background("ssh-agent", "-D", "-a", socket.toString());
        try {
            awaitFile(socket);
            for (List<String> flags : List.<List<String>>of(List.of(), List.of("--no-redaction"))) {
                List<String> all = new ArrayList<>(List.of("--path", socket.toString()));
                all.addAll(flags);
                Outputs outputs = capture(all, live -> received(live, "ssh-add") >= 2, () -> {
                    client(Map.of("SSH_AUTH_SOCK", socket.toString()), "ssh-add", key.toString());
                    client(Map.of("SSH_AUTH_SOCK", socket.toString()), "ssh-add", "-l");
                });
                assertTrue(
                        outputs.json.contains("\"kind\":\"send\""),
                        "the agent traffic was captured:\n" + outputs.stdout + outputs.stderr);
                assertEquals(List.of(), outputs.scanner.whereFound(privateKey), "the private key, " + flags);
                outputs.assertNoneOf(comment);
            }
        } finally {
            Commands.stop(agent);
        }
    }

    @Test
    void theOptInsRevealWhatTheyOptIn() throws Exception {
        Path socket = dir.resolve("binary.sock");
        String secret = "binary-Oscar-20344-payload";
        Outputs withheld = capture(
                List.of("--path", socket.toString()),
                live -> received(live, "python3") >= 2,
                () -> client(SystemPython.PATH, "-c", BINARY_PEERS, socket.toString(), secret));
        assertTrue(
                withheld.json.contains("\"redaction\":\"withheld\""),
                withheld.json + withheld.stdout + withheld.stderr);
        withheld.assertNoneOf(secret);

        Files.deleteIfExists(socket);
        Outputs revealed = capture(
                List.of("--path", socket.toString(), "--raw-path", dir + "/*.sock"),
                live -> received(live, "python3") >= 2,
                () -> client(SystemPython.PATH, "-c", BINARY_PEERS, socket.toString(), secret));
        List<String> where = revealed.scanner.whereFound(secret);
        assertTrue(
                where.stream().anyMatch(w -> w.startsWith("json"))
                        && where.stream().anyMatch(w -> w.startsWith("pcap"))
                        && where.stream().anyMatch(w -> w.startsWith("live")),
                "--raw-path shows the bytes: " + where);

        Path redisSocket = dir.resolve("redis-open.sock");
        String password = "rq-pass-Papa-31455-open";
        ChildProcess redis = Commands.background(
                "redis-server",
                "--port",
                "0",
                "--unixsocket",
                redisSocket.toString(),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString(),
                "--requirepass",
                password);
        try {
            awaitFile(redisSocket);
            Outputs open = capture(
                    List.of("--path", redisSocket.toString(), "--no-redaction"),
                    "+PONG",
                    () -> client(
                            "redis-cli", "-s", redisSocket.toString(), "--no-auth-warning", "-a", password, "PING"));
            assertTrue(open.stderr.contains("WARNING: --no-redaction"), open.stderr);
            List<String> found = open.scanner.whereFound(password);
            assertTrue(found.size() >= 4, "--no-redaction shows the password in live, json, pcap and spans: " + found);
        } finally {
            Commands.stop(redis);
        }
    }

    /** What one run wrote, scanned. */
    private record Outputs(String stdout, String stderr, String json, Path pcap, LeakScanner scanner) {
        void assertNoneOf(String... secrets) {
            for (String secret : secrets) {
                assertEquals(List.of(), scanner.whereFound(secret), "where " + secret + " leaked");
            }
        }
    }

    private interface Clients {
        void run() throws Exception;
    }

    /** Runs uds-trace with every output on around {@code clients}; waits for {@code lastLine} in the live view. */
    private Outputs capture(List<String> flags, String lastLine, Clients clients) throws Exception {
        return capture(flags, live -> live.contains(lastLine), clients);
    }

    /** How many live view lines show a message {@code comm} received. */
    private static long received(String live, String comm) {
        return live.lines().filter(line -> line.contains("/" + comm + " <- ")).count();
    }

    /** Runs uds-trace with every output on around {@code clients}; waits until the live view shows {@code done}. */
    private Outputs capture(List<String> flags, java.util.function.Predicate<String> done, Clients clients)
            throws Exception {
        Path json = Files.createTempFile(dir, "out", ".json");
        Path pcap = Files.createTempFile(dir, "out", ".pcap");
        List<String> args = new ArrayList<>(flags);
        args.addAll(List.of("-X", "--json", json.toString(), "--pcap", pcap.toString()));
        try (UdsTraceProcess cli = UdsTraceProcess.start(
                dir,
                Map.of("OTEL_TRACES_EXPORTER", "console,logging-otlp"),
                List.of(),
                TestCgroup.confined(args.toArray(String[]::new)))) {
            await(() -> cli.stderr().contains("capturing AF_UNIX traffic"), "start");
            clients.run();
            await(() -> done.test(cli.stdout()), "the last message in the live view");
            assertEquals(0, cli.terminate(), cli.stderr());
            assertTrue(
                    cli.stderr().contains("[uds] ") && cli.stderr().contains("\"resourceSpans\""),
                    "both span exporters wrote to stderr:\n" + cli.stderr());
            LeakScanner scanner = new LeakScanner()
                    .add("live view", cli.stdout().getBytes(StandardCharsets.UTF_8))
                    .add("stderr (console and logging-otlp spans)", cli.stderr().getBytes(StandardCharsets.UTF_8))
                    .add("json", Files.readAllBytes(json))
                    .add("pcap", Files.readAllBytes(pcap));
            return new Outputs(cli.stdout(), cli.stderr(), Files.readString(json), pcap, scanner);
        }
    }

    private static void client(String... command) throws IOException, InterruptedException {
        client(Map.of(), command);
    }

    /** Runs a client to completion; its exit status does not matter (MIGRATE to nowhere fails, as it should). */
    private static void client(Map<String, String> env, String... command) {
        ChildProcess.command(command).env(env).run(Duration.ofSeconds(60));
    }
}
