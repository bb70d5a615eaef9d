package dev.udsotel.core.protocol;

import static dev.udsotel.core.protocol.Exchanges.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.payload.PayloadText;
import dev.udsotel.core.protocol.http.Http1Decoder;
import dev.udsotel.core.protocol.redis.RespDecoder;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Runs a million generated, mutated and random exchanges through the decoders with a fixed seed, so a failure
 * repeats. Generated exchanges carry a secret in a credential header or Redis AUTH; none of it may survive.
 */
class DecoderFuzzTest {
    private static final long SEED = 0x0d5_2026_1129L;
    private static final int INPUTS = 1_000_000;
    private static final int DEFAULT_CAPTURE = 256;

    /** Every secret starts with this marker, so any 4+ byte prefix of it shows as the marker. */
    private static final String MARKER = "ZQXJ";
    /** Secret bodies use only these; no other generated text holds {@value #LONGEST_INNOCENT_RUN}+1 of them in a row. */
    private static final String SECRET_LETTERS = "BCDFGHKMNPRSTVWXZ";
    private static final int LONGEST_INNOCENT_RUN = 5;
    private static final boolean[] IS_SECRET_LETTER = new boolean[128];

    static {
        for (char c : SECRET_LETTERS.toCharArray()) {
            IS_SECRET_LETTER[c] = true;
        }
    }

    private static final List<String> CORPUS = List.of(
            "GET /v1.43/containers/json?all=1&limit=5 HTTP/1.1\r\nHost: localhost\r\nUser-Agent: curl/7.88.1\r\n"
                    + "Accept: */*\r\nCookie: session=0123456789abcdef\r\nAuthorization: Bearer eyJhbGciOiJIUzI1NiJ9.c2V"
                    + "jcmV0LXRva2Vu.sig\r\n\r\n",
            "POST /v1.43/containers/create?name=demo HTTP/1.1\r\nHost: localhost\r\nUser-Agent: curl/7.88.1\r\n"
                    + "Accept: */*\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n26\r\n"
                    + "{\"Image\":\"alpine\",\"Cmd\":[\"echo\",\"hi\"]}\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nApi-Version: 1.43\r\nContent-Type: application/json\r\nDocker-Experimental: false\r\n"
                    + "Ostype: linux\r\nServer: Docker/24.0.7 (linux)\r\nDate: Sun, 29 Nov 2026 03:58:11 GMT\r\n"
                    + "Content-Length: 3\r\n\r\n[]\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nSet-Cookie: id=a3fWa; Max-Age=2592000\r\n\r\n1f\r\n"
                    + "{\"status\":\"Pulling from alpine\"}\r\n14\r\n{\"status\":\"Digest\"}\n\r\n0\r\n\r\n",
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n",
            "*2\r\n$4\r\nAUTH\r\n$17\r\nhunter2-s3cret-pw\r\n*3\r\n$3\r\nSET\r\n$8\r\ngreeting\r\n$5\r\nhello\r\n",
            "*3\r\n$4\r\nAUTH\r\n$3\r\napp\r\n$17\r\nhunter2-s3cret-pw\r\n*2\r\n$5\r\nHELLO\r\n$1\r\n3\r\n"
                    + "*2\r\n$3\r\nGET\r\n$8\r\ngreeting\r\n",
            "*5\r\n$5\r\nHELLO\r\n$1\r\n3\r\n$4\r\nAUTH\r\n$7\r\ndefault\r\n$17\r\nhunter2-s3cret-pw\r\n",
            "%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:6\r\n"
                    + "$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n",
            "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            "+OK\r\n+PONG\r\n$3\r\nbar\r\n$-1\r\n_\r\n:1\r\n,1.5\r\n#t\r\n!21\r\nSYNTAX invalid syntax\r\n",
            "AUTH hunter2-s3cret-pw\r\nHELLO 3 AUTH default \"pw with spaces\"\r\nPING\r\n",
            "\u0000AUTH EXTERNAL 31303030\r\nBEGIN\r\n");

    private static final String[] TOKENS = {"GET ", "POST ", "HTTP/1.1", "HTTP/1.0", "\r\n", "\n", "\r\n\r\n", " ", "*",
            "$", ":", "-", "+", "0", "1", "17", "-1", "AUTH", "HELLO", "MIGRATE", "AUTH2", "Authorization:", "Cookie:",
            "Set-Cookie: ", "Content-Length: ", "Transfer-Encoding: chunked", "/", "?", "\"", "'", "\t", "PING", "3"};

    private enum Kind { HTTP, REDIS, MUTATED, RANDOM }

    @Test
    void decodesAMillionRandomAndMutatedExchangesWithoutFailingOrLeakingSecrets() {
        SplittableRandom random = new SplittableRandom(SEED);
        Strict http = new Strict(new Http1Decoder());
        Strict redis = new Strict(new RespDecoder());
        ProtocolDecoders decoders = new ProtocolDecoders(List.of(http, redis));
        List<byte[]> corpus = CORPUS.stream().map(Exchanges::bytes).toList();
        Map<String, Integer> protocols = new HashMap<>();

        for (int i = 0; i < INPUTS; i++) {
            Kind kind = Kind.values()[i & 3];
            Generated generated = switch (kind) {
                case HTTP -> httpWithSecret(random);
                case REDIS -> redisWithSecret(random);
                case MUTATED -> new Generated(mutated(random, corpus), mutated(random, corpus), false);
                case RANDOM -> new Generated(randomBytes(random), randomBytes(random), false);
            };
            Exchange exchange = Exchanges.cut(generated.request, cut(random, generated.request.length),
                    generated.response, cut(random, generated.response.length));
            Redaction redaction = random.nextInt(16) == 0 ? new Redaction(false) : Redaction.DEFAULT;
            DecodedExchange decoded = decoders.decode(exchange, redaction);

            check(exchange, decoded, redaction, generated.carriesSecret, i);
            String protocol = decoded.attributes().get(ProtocolAttributes.PROTOCOL);
            protocols.merge(kind + "/" + (protocol == null ? "generic" : protocol), 1, Integer::sum);
        }

        assertEquals(0, http.failures, http.firstFailure);
        assertEquals(0, redis.failures, redis.firstFailure);
        // The generators must reach every decoder and the fallback, or the run proves little.
        assertTrue(protocols.getOrDefault("HTTP/http", 0) > INPUTS / 8, protocols::toString);
        assertTrue(protocols.getOrDefault("REDIS/redis", 0) > INPUTS / 8, protocols::toString);
        assertTrue(protocols.getOrDefault("MUTATED/http", 0) > INPUTS / 100, protocols::toString);
        assertTrue(protocols.getOrDefault("MUTATED/redis", 0) > INPUTS / 100, protocols::toString);
        assertTrue(protocols.getOrDefault("RANDOM/generic", 0) > INPUTS / 8, protocols::toString);
    }

    private static void check(Exchange exchange, DecodedExchange decoded, Redaction redaction, boolean carriesSecret,
            int index) {
        assertNotNull(decoded);
        assertNotNull(decoded.spanName());
        assertNotNull(decoded.attributes());
        byte[] request = exchange.request().prefix();
        byte[] response = exchange.response().prefix();
        if (!redaction.enabled()) {
            assertArrayEquals(request, decoded.requestPreview());
            assertArrayEquals(response, decoded.responsePreview());
            return;
        }
        boolean changed = !Arrays.equals(request, decoded.requestPreview())
                || !Arrays.equals(response, decoded.responsePreview());
        if (changed != Boolean.TRUE.equals(decoded.attributes().get(ProtocolAttributes.REDACTED))) {
            fail("#" + index + ": uds.redacted disagrees with the previews for " + describe(exchange));
        }
        if (!noCredentialHeaderValue(decoded.requestPreview()) || !noCredentialHeaderValue(decoded.responsePreview())) {
            fail("#" + index + ": a credential header value survived in " + PayloadText.render(decoded.requestPreview())
                    + " / " + PayloadText.render(decoded.responsePreview()));
        }
        if (carriesSecret && (leaks(decoded.requestPreview()) || leaks(decoded.responsePreview())
                || leaks(bytes(decoded.spanName())) || attributeLeaks(decoded))) {
            fail("#" + index + ": the secret leaked from " + describe(exchange) + " into "
                    + PayloadText.render(decoded.requestPreview()) + " / "
                    + PayloadText.render(decoded.responsePreview()) + " / " + decoded.spanName() + " "
                    + decoded.attributes());
        }
    }

    private static String describe(Exchange exchange) {
        return PayloadText.render(exchange.request().prefix()) + " / " + PayloadText.render(exchange.response().prefix());
    }

    private static boolean attributeLeaks(DecodedExchange decoded) {
        boolean[] leaked = {false};
        decoded.attributes().forEach((key, value) -> leaked[0] |= leaks(bytes(String.valueOf(value))));
        return leaked[0];
    }

    /** Whether any byte above 0x7f, the marker, or a telling run of secret letters is there. */
    private static boolean leaks(byte[] bytes) {
        int run = 0;
        int markerMatched = 0;
        for (byte b : bytes) {
            if (b < 0) {
                return true;
            }
            run = IS_SECRET_LETTER[b] ? run + 1 : 0;
            if (run > LONGEST_INNOCENT_RUN) {
                return true;
            }
            markerMatched = b == MARKER.charAt(markerMatched) ? markerMatched + 1 : (b == MARKER.charAt(0) ? 1 : 0);
            if (markerMatched == MARKER.length()) {
                return true;
            }
        }
        return false;
    }

    /** An independent check: after every credential header name and colon comes nothing, or [REDACTED]. */
    static boolean noCredentialHeaderValue(byte[] bytes) {
        for (int at = 0; at < bytes.length; at++) {
            int first = bytes[at] | 0x20;
            if (first != 'a' && first != 'c') {
                continue;
            }
            int nameEnd = endOfName(bytes, at, "authorization");
            if (nameEnd < 0) {
                nameEnd = endOfName(bytes, at, "cookie");
            }
            if (nameEnd < 0) {
                continue;
            }
            int i = skipBlanks(bytes, nameEnd);
            if (i < bytes.length && bytes[i] == ':') {
                i = skipBlanks(bytes, i + 1);
                boolean empty = i == bytes.length || bytes[i] == '\r' || bytes[i] == '\n';
                if (!empty && endOfName(bytes, i, "[redacted]") < 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int endOfName(byte[] bytes, int at, String lowerCase) {
        if (at + lowerCase.length() > bytes.length) {
            return -1;
        }
        for (int k = 0; k < lowerCase.length(); k++) {
            int b = bytes[at + k];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lowerCase.charAt(k)) {
                return -1;
            }
        }
        return at + lowerCase.length();
    }

    private static int skipBlanks(byte[] bytes, int at) {
        while (at < bytes.length && (bytes[at] == ' ' || bytes[at] == '\t')) {
            at++;
        }
        return at;
    }

    private record Generated(byte[] request, byte[] response, boolean carriesSecret) {}

    /** Half the time the default capture limit, otherwise anywhere, including nothing and everything. */
    private static int cut(SplittableRandom random, int length) {
        return random.nextBoolean() ? DEFAULT_CAPTURE : random.nextInt(length + 1);
    }

    private static String secret(SplittableRandom random) {
        StringBuilder secret = new StringBuilder(MARKER);
        int length = 4 + random.nextInt(36);
        boolean highBytes = random.nextBoolean();
        for (int k = 0; k < length; k++) {
            secret.append(highBytes && (k & 1) == 0 ? (char) (0x80 + random.nextInt(0x80))
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

    private static Generated httpWithSecret(SplittableRandom random) {
        String secret = secret(random);
        String eol = random.nextInt(8) == 0 ? "\n" : "\r\n";
        StringBuilder request = new StringBuilder();
        int requests = 1 + (random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0);
        for (int r = 0; r < requests; r++) {
            appendHttpRequest(random, request, secret, eol);
        }
        StringBuilder response = new StringBuilder();
        response.append("HTTP/1.").append(random.nextInt(2)).append(' ')
                .append(pick(random, List.of("200 OK", "201 Created", "204 No Content", "404 Not Found",
                        "500 Internal Server Error", "101 Switching Protocols"))).append(eol)
                .append("Server: Docker/24.0.7 (linux)").append(eol);
        if (random.nextBoolean()) {
            response.append(randomCase(random, "Set-Cookie")).append(": ").append("sid=").append(secret)
                    .append("; Path=/; HttpOnly").append(eol);
        }
        appendBody(random, response, eol);
        return new Generated(latin1(request), latin1(response), true);
    }

    private static void appendHttpRequest(SplittableRandom random, StringBuilder request, String secret, String eol) {
        request.append(pick(random, List.of("GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS")))
                .append(" /v1.43/").append(lower(random, 1, 12)).append('/').append(lower(random, 0, 40));
        if (random.nextBoolean()) {
            request.append('?').append(lower(random, 1, 5)).append('=').append(lower(random, 0, 20));
        }
        request.append(" HTTP/1.").append(random.nextInt(2)).append(eol)
                .append("Host: ").append(pick(random, List.of("localhost", "docker", "api.moby.localhost"))).append(eol)
                .append("User-Agent: curl/7.88.1").append(eol);
        int credentials = 1 + random.nextInt(2);
        for (int c = 0; c < credentials; c++) {
            String name = randomCase(random, pick(random, List.of("Authorization", "Proxy-Authorization", "Cookie")));
            String blanks = pick(random, List.of("", " ", "  ", "\t"));
            String before = random.nextInt(8) == 0 ? " " : "";
            String value = pick(random, List.of("Bearer ", "Basic ", "session=", "", "Negotiate ")) + secret;
            if (random.nextInt(10) == 0) {
                value = pick(random, List.of("Bearer", "Basic")) + eol + pick(random, List.of(" ", "\t")) + secret;
            }
            request.append(name).append(before).append(':').append(blanks).append(value).append(eol);
        }
        request.append("Accept: */*").append(eol);
        appendBody(random, request, eol);
    }

    private static void appendBody(SplittableRandom random, StringBuilder message, String eol) {
        switch (random.nextInt(3)) {
            case 0 -> message.append(eol);
            case 1 -> {
                String body = lower(random, 0, 200);
                message.append("Content-Length: ").append(body.length()).append(eol).append(eol).append(body);
            }
            default -> {
                message.append("Transfer-Encoding: chunked").append(eol).append(eol);
                int chunks = random.nextInt(4);
                for (int c = 0; c < chunks; c++) {
                    String data = lower(random, 1, 80);
                    message.append(Integer.toHexString(data.length())).append("\r\n").append(data).append("\r\n");
                }
                message.append("0\r\n\r\n");
            }
        }
    }

    private static Generated redisWithSecret(SplittableRandom random) {
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
        String response = pick(random, List.of("+OK\r\n", "-WRONGPASS invalid username-password pair\r\n",
                "%1\r\n$6\r\nserver\r\n$5\r\nredis\r\n", "+NOKEY\r\n", "-NOAUTH HELLO must be called with the client "
                        + "already authenticated\r\n", "_\r\n", ":1\r\n")).repeat(1 + before + after);
        return new Generated(request.toByteArray(), bytes(response), true);
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
            case 6 -> List.of(randomCase(random, "CONFIG"), randomCase(random, "SET"), "maxmemory", "0",
                    randomCase(random, pick(random, List.of("requirepass", "masterauth"))), secret);
            case 7 -> List.of(randomCase(random, "ACL"), randomCase(random, "SETUSER"), lower(random, 1, 8), "on",
                    pick(random, List.of(">", "<", "#", "!")) + secret, "~*", "+@all");
            case 0 -> List.of(randomCase(random, "AUTH"), secret);
            case 1 -> List.of(randomCase(random, "AUTH"), lower(random, 1, 8), secret);
            case 2 -> List.of(randomCase(random, "HELLO"), "3", auth, lower(random, 1, 8), secret);
            case 3 -> List.of(randomCase(random, "HELLO"), "2", auth, "default", secret, "SETNAME", lower(random, 1, 8));
            case 4 -> List.of(randomCase(random, "MIGRATE"), "127.0.0.1", "6380", "", "0", "5000", "COPY", auth,
                    secret, "KEYS", lower(random, 1, 8), lower(random, 1, 8));
            default -> List.of(randomCase(random, "MIGRATE"), "127.0.0.1", "6380", lower(random, 1, 8), "0", "5000",
                    randomCase(random, "AUTH2"), lower(random, 1, 8), secret);
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
                command.append('$').append(word.length()).append("\r\n").append(word).append("\r\n");
            }
        }
        byte[] bytes = latin1(command);
        out.write(bytes, 0, bytes.length);
    }

    private static byte[] mutated(SplittableRandom random, List<byte[]> corpus) {
        byte[] bytes = pick(random, corpus).clone();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            bytes = mutateOnce(random, bytes, corpus);
        }
        return bytes;
    }

    private static byte[] mutateOnce(SplittableRandom random, byte[] bytes, List<byte[]> corpus) {
        if (bytes.length == 0) {
            return pick(random, corpus).clone();
        }
        int at = random.nextInt(bytes.length);
        switch (random.nextInt(7)) {
            case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> bytes[at] = (byte) random.nextInt(256);
            case 2 -> bytes[at] = (byte) "\r\n*$:- 09".charAt(random.nextInt(9));
            case 3 -> {
                byte[] token = bytes(TOKENS[random.nextInt(TOKENS.length)]);
                return splice(bytes, at, at, token);
            }
            case 4 -> {
                int end = Math.min(bytes.length, at + 1 + random.nextInt(16));
                return splice(bytes, at, end, new byte[0]);
            }
            case 5 -> {
                int end = Math.min(bytes.length, at + 1 + random.nextInt(32));
                return splice(bytes, at, at, Arrays.copyOfRange(bytes, at, end));
            }
            default -> {
                byte[] other = pick(random, corpus);
                int from = random.nextInt(other.length);
                return splice(bytes, at, bytes.length, Arrays.copyOfRange(other, from, other.length));
            }
        }
        return bytes;
    }

    private static byte[] splice(byte[] bytes, int from, int to, byte[] insert) {
        byte[] result = new byte[bytes.length - (to - from) + insert.length];
        System.arraycopy(bytes, 0, result, 0, from);
        System.arraycopy(insert, 0, result, from, insert.length);
        System.arraycopy(bytes, to, result, from + insert.length, bytes.length - to);
        return result;
    }

    private static byte[] randomBytes(SplittableRandom random) {
        if (random.nextBoolean()) {
            byte[] bytes = new byte[random.nextInt(320)];
            random.nextBytes(bytes);
            return bytes;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int tokens = random.nextInt(40);
        for (int t = 0; t < tokens; t++) {
            byte[] token = random.nextInt(3) == 0 ? new byte[] {(byte) random.nextInt(256)}
                    : bytes(TOKENS[random.nextInt(TOKENS.length)]);
            out.write(token, 0, token.length);
        }
        return out.toByteArray();
    }

    private static byte[] latin1(CharSequence text) {
        return bytes(text.toString());
    }

    /** Passes calls through, counting what escapes the decoder (the registry would hide it). */
    private static final class Strict implements ProtocolDecoder {
        private final ProtocolDecoder decoder;
        int failures;
        String firstFailure = "";

        Strict(ProtocolDecoder decoder) {
            this.decoder = decoder;
        }

        @Override
        public String name() {
            return decoder.name();
        }

        @Override
        public boolean recognizes(Exchange exchange) {
            try {
                return decoder.recognizes(exchange);
            } catch (RuntimeException | Error e) {
                throw record(e, exchange);
            }
        }

        @Override
        public DecodedExchange decode(Exchange exchange, Redaction redaction) {
            try {
                return decoder.decode(exchange, redaction);
            } catch (RuntimeException | Error e) {
                throw record(e, exchange);
            }
        }

        private RuntimeException record(Throwable e, Exchange exchange) {
            if (failures++ == 0) {
                java.io.StringWriter trace = new java.io.StringWriter();
                e.printStackTrace(new java.io.PrintWriter(trace));
                firstFailure = decoder.name() + " threw on " + describe(exchange) + "\n" + trace;
            }
            return new IllegalStateException(e);
        }
    }
}
