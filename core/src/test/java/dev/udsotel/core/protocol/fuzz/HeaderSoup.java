package dev.udsotel.core.protocol.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.SplittableRandom;

/**
 * HTTP/1.x messages built from the pieces the decoder's header and target parsing looks at: every target form,
 * targets with bytes that render as escapes, the reported header names in any case with blanks around them and
 * around their values, lengths at the limits, Transfer-Encoding values ending in {@code chunked} or almost, bytes
 * above 0x7f (whose lower case is no ASCII letter), credential headers, interim responses and pipelined requests.
 */
final class HeaderSoup {
    private static final List<String> METHODS = List.of(
            "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "GETS", "get", "PROPFIND");
    private static final List<String> TARGET_PIECES = List.of(
            "/",
            "/v1.43",
            "/containers",
            "?",
            "??",
            "=",
            "&",
            "json",
            "%20",
            "\\",
            "#",
            ":",
            "://",
            "http://",
            "https://host",
            "*",
            "a",
            "1",
            "\u00e9",
            "\u0080",
            "\u00ff",
            "\u007f",
            "x".repeat(60));
    private static final List<String> NAMES = List.of(
            "Host",
            "host",
            "HOST",
            "User-Agent",
            "user-agent",
            "USER-AGENT",
            "Content-Length",
            "content-length",
            "CONTENT-LENGTH",
            "Transfer-Encoding",
            "transfer-encoding",
            "TRANSFER-ENCODING",
            "Hosts",
            "Hos",
            "User-Agents",
            "Content-Lengths",
            "Transfer-Encodings",
            "Accept",
            "Content-Type",
            "Authorization",
            "Cookie",
            "Set-Cookie",
            "X-Registry-Auth",
            "H\u00f6st",
            "Content\u00adLength",
            "",
            " ",
            "Connection");
    private static final List<String> VALUES = List.of(
            "",
            "localhost",
            "docker",
            "curl/7.88.1",
            "0",
            "5",
            "-1",
            "+5",
            "12345678901234567",
            "123456789012345678",
            "1234567890123456789",
            "99999999999999999999",
            "5 5",
            "0x10",
            "chunked",
            "CHUNKED",
            "ChUnKeD",
            "gzip, chunked",
            "chunked, gzip",
            "chunke",
            "hunked",
            "chunkedd",
            "CHUNK\u00c9D",
            "\u00e7hunked",
            "identity",
            "Bearer abc",
            "session=1",
            "a:b",
            "\u00e9t\u00e9",
            "\\x41",
            "\u0000",
            "\u00ff\u00fe",
            "[REDACTED]");
    private static final List<String> BLANKS = List.of("", "", "", " ", "  ", "\t", " \t ");
    private static final List<String> STATUSES = List.of(
            "200 OK",
            "201 Created",
            "204 No Content",
            "304 Not Modified",
            "100 Continue",
            "103 Early Hints",
            "101 Switching Protocols",
            "404 Not Found",
            "500 Internal Server Error",
            "503 Unavailable",
            "999 Odd",
            "1xx",
            "20",
            "200");

    private HeaderSoup() {}

    /** A request, sometimes two or three pipelined ones. */
    static byte[] request(SplittableRandom random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int messages = random.nextInt(5) == 0 ? 2 + random.nextInt(2) : 1;
        for (int m = 0; m < messages; m++) {
            write(out, pick(random, METHODS) + " " + target(random) + " HTTP/1." + random.nextInt(2) + eol(random));
            headers(random, out);
        }
        return out.toByteArray();
    }

    /** A response, sometimes after an interim one. */
    static byte[] response(SplittableRandom random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int messages = random.nextInt(4) == 0 ? 2 : 1;
        for (int m = 0; m < messages; m++) {
            write(out, "HTTP/1." + random.nextInt(2) + " " + pick(random, STATUSES) + eol(random));
            headers(random, out);
        }
        return out.toByteArray();
    }

    private static String target(SplittableRandom random) {
        StringBuilder target = new StringBuilder(random.nextInt(4) == 0 ? "" : "/");
        int pieces = random.nextInt(8);
        for (int p = 0; p < pieces; p++) {
            target.append(pick(random, TARGET_PIECES));
        }
        return target.isEmpty() ? "/" : target.toString();
    }

    private static void headers(SplittableRandom random, ByteArrayOutputStream out) {
        int count = random.nextInt(9);
        for (int h = 0; h < count; h++) {
            String value = pick(random, VALUES);
            if (random.nextInt(6) == 0) {
                value = pick(random, VALUES) + pick(random, BLANKS) + value;
            }
            write(
                    out,
                    pick(random, BLANKS) + pick(random, NAMES) + pick(random, BLANKS) + ":" + pick(random, BLANKS)
                            + value + pick(random, BLANKS) + eol(random));
        }
        write(out, eol(random));
        switch (random.nextInt(4)) {
            case 0 -> write(out, "hello");
            case 1 -> write(out, "5\r\nhello\r\n0\r\n\r\n");
            case 2 -> write(out, Integer.toHexString(random.nextInt(300)) + "\r\n" + "b".repeat(random.nextInt(40)));
            default -> {}
        }
    }

    private static String eol(SplittableRandom random) {
        return random.nextInt(6) == 0 ? "\n" : "\r\n";
    }

    private static void write(ByteArrayOutputStream out, String latin1) {
        out.writeBytes(Wire.latin1(latin1));
    }

    private static <T> T pick(SplittableRandom random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
