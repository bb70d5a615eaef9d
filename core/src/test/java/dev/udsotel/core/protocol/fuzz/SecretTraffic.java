package dev.udsotel.core.protocol.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Valid exchanges that carry a secret where clients put credentials: HTTP credential headers, Redis AUTH, HELLO
 * AUTH, MIGRATE AUTH/AUTH2, CONFIG SET requirepass and ACL SETUSER passwords. PostgreSQL's are in
 * {@link PostgresSecrets}. Every secret starts with {@value #MARKER} and continues with letters no other generated
 * text uses in a row, half the time mixed with bytes above 0x7f.
 */
final class SecretTraffic {
    static final String MARKER = "ZQXJ";
    private static final String SECRET_LETTERS = "BCDFGHKMNPRSTVWXZ";

    /** The request and response, and the secret the request carries. */
    record Secret(byte[] request, byte[] response, String secret) {}

    private SecretTraffic() {}

    static String secret(SplittableRandom random) {
        StringBuilder secret = new StringBuilder(MARKER);
        int length = 4 + random.nextInt(36);
        boolean highBytes = random.nextBoolean();
        for (int k = 0; k < length; k++) {
            secret.append(
                    highBytes && (k & 1) == 0
                            ? (char) (0x80 + random.nextInt(0x80))
                            : SECRET_LETTERS.charAt(random.nextInt(SECRET_LETTERS.length())));
        }
        return secret.toString();
    }

    private static String lower(SplittableRandom random, int min, int max) {
        StringBuilder word = new StringBuilder();
        int length = min + random.nextInt(max - min + 1);
        for (int k = 0; k < length; k++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }

    private static String randomCase(SplittableRandom random, String word) {
        int mode = random.nextInt(4);
        if (mode == 0) {
            return word.toLowerCase(Locale.ROOT);
        }
        if (mode == 1) {
            return word.toUpperCase(Locale.ROOT);
        }
        if (mode == 2) {
            return word;
        }
        StringBuilder mixed = new StringBuilder(word.length());
        for (char c : word.toCharArray()) {
            mixed.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return mixed.toString();
    }

    private static <T> T pick(SplittableRandom random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    static Secret http(SplittableRandom random) {
        String secret = secret(random);
        String eol = random.nextInt(8) == 0 ? "\n" : "\r\n";
        StringBuilder request = new StringBuilder();
        int requests = 1 + (random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0);
        for (int r = 0; r < requests; r++) {
            appendHttpRequest(random, request, secret, eol);
        }
        StringBuilder response = new StringBuilder();
        response.append("HTTP/1.")
                .append(random.nextInt(2))
                .append(' ')
                .append(pick(
                        random,
                        List.of(
                                "200 OK",
                                "201 Created",
                                "204 No Content",
                                "404 Not Found",
                                "500 Internal Server Error",
                                "101 Switching Protocols")))
                .append(eol)
                .append("Server: Docker/24.0.7 (linux)")
                .append(eol);
        if (random.nextBoolean()) {
            response.append(randomCase(random, "Set-Cookie"))
                    .append(": ")
                    .append("sid=")
                    .append(secret)
                    .append("; Path=/; HttpOnly")
                    .append(eol);
        }
        appendBody(random, response, eol);
        return new Secret(latin1(request), latin1(response), secret);
    }

    private static void appendHttpRequest(SplittableRandom random, StringBuilder request, String secret, String eol) {
        request.append(pick(random, List.of("GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS")))
                .append(" /v1.43/")
                .append(lower(random, 1, 12))
                .append('/')
                .append(lower(random, 0, 40));
        if (random.nextBoolean()) {
            request.append('?').append(lower(random, 1, 5)).append('=').append(lower(random, 0, 20));
        }
        request.append(" HTTP/1.")
                .append(random.nextInt(2))
                .append(eol)
                .append("Host: ")
                .append(pick(random, List.of("localhost", "docker", "api.moby.localhost")))
                .append(eol)
                .append("User-Agent: curl/7.88.1")
                .append(eol);
        int credentials = 1 + random.nextInt(2);
        for (int c = 0; c < credentials; c++) {
            String name = randomCase(random, pick(random, List.of("Authorization", "Proxy-Authorization", "Cookie")));
            String blanks = pick(random, List.of("", " ", "  ", "\t"));
            String before = random.nextInt(8) == 0 ? " " : "";
            String value = pick(random, List.of("Bearer ", "Basic ", "session=", "", "Negotiate ")) + secret;
            if (random.nextInt(10) == 0) {
                value = pick(random, List.of("Bearer", "Basic")) + eol + pick(random, List.of(" ", "\t")) + secret;
            }
            request.append(name)
                    .append(before)
                    .append(':')
                    .append(blanks)
                    .append(value)
                    .append(eol);
        }
        request.append("Accept: */*").append(eol);
        appendBody(random, request, eol);
    }

    private static void appendBody(SplittableRandom random, StringBuilder message, String eol) {
        switch (random.nextInt(3)) {
            case 0 -> message.append(eol);
            case 1 -> {
                String body = lower(random, 0, 200);
                message.append("Content-Length: ")
                        .append(body.length())
                        .append(eol)
                        .append(eol)
                        .append(body);
            }
            default -> {
                message.append("Transfer-Encoding: chunked").append(eol).append(eol);
                int chunks = random.nextInt(4);
                for (int c = 0; c < chunks; c++) {
                    String data = lower(random, 1, 80);
                    message.append(Integer.toHexString(data.length()))
                            .append("\r\n")
                            .append(data)
                            .append("\r\n");
                }
                message.append("0\r\n\r\n");
            }
        }
    }

    static Secret redis(SplittableRandom random) {
        String secret = secret(random);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        int before = random.nextInt(3);
        for (int c = 0; c < before; c++) {
            appendCommand(random, request, innocentCommand(random));
        }
        appendCommand(random, request, secretCommand(random, secret));
        int after = random.nextInt(3);
        for (int c = 0; c < after; c++) {
            appendCommand(random, request, innocentCommand(random));
        }
        String response = pick(
                        random,
                        List.of(
                                "+OK\r\n",
                                "-WRONGPASS invalid username-password pair\r\n",
                                "%1\r\n$6\r\nserver\r\n$5\r\nredis\r\n",
                                "+NOKEY\r\n",
                                "-NOAUTH HELLO must be called with the client " + "already authenticated\r\n",
                                "_\r\n",
                                ":1\r\n"))
                .repeat(1 + before + after);
        return new Secret(request.toByteArray(), latin1(response), secret);
    }

    private static List<String> innocentCommand(SplittableRandom random) {
        return switch (random.nextInt(6)) {
            case 0 -> List.of("PING");
            case 1 -> List.of("SET", lower(random, 1, 10), lower(random, 0, 30));
            case 2 -> List.of("GET", lower(random, 1, 10));
            case 3 -> List.of("CLIENT", "SETNAME", lower(random, 1, 10));
            case 4 -> List.of("SELECT", "0");
            default -> List.of("HELLO", "3");
        };
    }

    private static List<String> secretCommand(SplittableRandom random, String secret) {
        String auth = randomCase(random, "AUTH");
        return switch (random.nextInt(8)) {
            case 6 ->
                List.of(
                        randomCase(random, "CONFIG"),
                        randomCase(random, "SET"),
                        "maxmemory",
                        "0",
                        randomCase(random, pick(random, List.of("requirepass", "masterauth"))),
                        secret);
            case 7 ->
                List.of(
                        randomCase(random, "ACL"),
                        randomCase(random, "SETUSER"),
                        lower(random, 1, 8),
                        "on",
                        pick(random, List.of(">", "<", "#", "!")) + secret,
                        "~*",
                        "+@all");
            case 0 -> List.of(randomCase(random, "AUTH"), secret);
            case 1 -> List.of(randomCase(random, "AUTH"), lower(random, 1, 8), secret);
            case 2 -> List.of(randomCase(random, "HELLO"), "3", auth, lower(random, 1, 8), secret);
            case 3 ->
                List.of(randomCase(random, "HELLO"), "2", auth, "default", secret, "SETNAME", lower(random, 1, 8));
            case 4 ->
                List.of(
                        randomCase(random, "MIGRATE"),
                        "127.0.0.1",
                        "6380",
                        "",
                        "0",
                        "5000",
                        "COPY",
                        auth,
                        secret,
                        "KEYS",
                        lower(random, 1, 8),
                        lower(random, 1, 8));
            default ->
                List.of(
                        randomCase(random, "MIGRATE"),
                        "127.0.0.1",
                        "6380",
                        lower(random, 1, 8),
                        "0",
                        "5000",
                        randomCase(random, "AUTH2"),
                        lower(random, 1, 8),
                        secret);
        };
    }

    private static void appendCommand(SplittableRandom random, ByteArrayOutputStream out, List<String> words) {
        boolean inline = random.nextInt(8) == 0 && words.stream().noneMatch(String::isEmpty);
        StringBuilder command = new StringBuilder();
        if (inline) {
            command.append(String.join(pick(random, List.of(" ", "  ", "\t")), words))
                    .append(random.nextBoolean() ? "\r\n" : "\n");
        } else {
            command.append('*').append(words.size()).append("\r\n");
            for (String word : words) {
                command.append('$')
                        .append(word.length())
                        .append("\r\n")
                        .append(word)
                        .append("\r\n");
            }
        }
        byte[] bytes = latin1(command);
        out.write(bytes, 0, bytes.length);
    }

    private static byte[] latin1(CharSequence text) {
        return Wire.latin1(text.toString());
    }
}
