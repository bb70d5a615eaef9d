package dev.udsotel.core.protocol.redis;

import static dev.udsotel.core.protocol.Exchanges.bytes;
import static dev.udsotel.core.protocol.Exchanges.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.protocol.Exchanges;
import dev.udsotel.core.protocol.Leaks;
import dev.udsotel.core.protocol.ProtocolAttributes;
import dev.udsotel.core.protocol.ProtocolDecoders;
import dev.udsotel.core.redaction.Redaction;
import io.opentelemetry.api.common.AttributeKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RespDecoderTest {
    static final String SECRET = "hunter2-s3cret-pw";

    /** What redis-cli 7.0.15 sent for {@code redis-cli -a hunter2-s3cret-pw SET greeting hello}. */
    static final String CLI_AUTH_SET =
            "*2\r\n$4\r\nAUTH\r\n$17\r\nhunter2-s3cret-pw\r\n" + "*3\r\n$3\r\nSET\r\n$8\r\ngreeting\r\n$5\r\nhello\r\n";

    /** What redis-cli 7.0.15 sent for {@code redis-cli --user app --pass hunter2-s3cret-pw -3 GET greeting}. */
    static final String CLI_AUTH_USER_HELLO_GET = "*3\r\n$4\r\nAUTH\r\n$3\r\napp\r\n$17\r\nhunter2-s3cret-pw\r\n"
            + "*2\r\n$5\r\nHELLO\r\n$1\r\n3\r\n*2\r\n$3\r\nGET\r\n$8\r\ngreeting\r\n";

    static final String HELLO_AUTH =
            "*5\r\n$5\r\nHELLO\r\n$1\r\n3\r\n$4\r\nAUTH\r\n$7\r\ndefault\r\n" + "$17\r\nhunter2-s3cret-pw\r\n";

    /** redis-server 7.0.15's reply to HELLO 3. */
    static final String HELLO_REPLY = "%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n"
            + "$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:6\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n"
            + "$7\r\nmodules\r\n*0\r\n";

    private final ProtocolDecoders decoders = ProtocolDecoders.standard();

    private DecodedExchange decode(String request, String response) {
        return decoders.decode(Exchanges.of(request, response), Redaction.DEFAULT);
    }

    private static <T> T attr(DecodedExchange decoded, AttributeKey<T> key) {
        return decoded.attributes().get(key);
    }

    @Test
    void namesTheSpanAfterTheCommandAndCountsItsArguments() {
        DecodedExchange decoded = decode("*3\r\n$3\r\nSET\r\n$3\r\nfoo\r\n$3\r\nbar\r\n", "+OK\r\n");

        assertEquals("SET", decoded.spanName());
        assertEquals("redis", attr(decoded, ProtocolAttributes.PROTOCOL));
        assertEquals("redis", attr(decoded, RespDecoder.SYSTEM));
        assertEquals("SET", attr(decoded, RespDecoder.OPERATION));
        assertEquals(2L, attr(decoded, RespDecoder.ARGUMENTS));
        assertEquals("status", attr(decoded, RespDecoder.REPLY));
        assertNull(attr(decoded, RespDecoder.PIPELINED));
        assertNull(attr(decoded, ProtocolAttributes.REDACTED));
        assertFalse(decoded.error());
        assertFalse(decoded.attributes().asMap().keySet().stream()
                .anyMatch(k -> k.getKey().equals("db.query.text")));
    }

    @Test
    void upperCasesTheCommandName() {
        assertEquals(
                "GET",
                decode("*2\r\n$3\r\nget\r\n$3\r\nfoo\r\n", "$3\r\nbar\r\n").spanName());
    }

    @ParameterizedTest
    @CsvSource({
        "'*3\r\n$6\r\nCLIENT\r\n$7\r\nSETNAME\r\n$5\r\nmyapp\r\n', CLIENT SETNAME",
        "'*3\r\n$6\r\nconfig\r\n$3\r\nget\r\n$10\r\nmaxclients\r\n', CONFIG GET",
        "'*2\r\n$6\r\nCLIENT\r\n$2\r\nID\r\n', CLIENT ID",
        "'*1\r\n$6\r\nCLIENT\r\n', CLIENT",
        "'*2\r\n$3\r\nGET\r\n$7\r\nSETNAME\r\n', GET",
        "'CONFIG GET maxmemory\r\n', CONFIG GET",
        "'*3\r\n$8\r\nJSON.SET\r\n$3\r\ndoc\r\n$1\r\n$\r\n', JSON.SET",
    })
    void namesContainerCommandsWithTheirSubcommand(String request, String spanName) {
        DecodedExchange decoded = decode(request, "+OK\r\n");
        assertEquals(spanName, decoded.spanName());
        assertEquals(spanName, attr(decoded, RespDecoder.OPERATION));
    }

    @Test
    void redactsThePasswordRedisCliSendsWithAuth() {
        DecodedExchange decoded = decode(CLI_AUTH_SET, "+OK\r\n+OK\r\n");

        assertEquals("AUTH", decoded.spanName());
        assertEquals(
                "*2\r\n$4\r\nAUTH\r\n$10\r\n[REDACTED]\r\n*3\r\n$3\r\nSET\r\n$8\r\ngreeting\r\n$5\r\nhello\r\n",
                text(decoded.requestPreview()));
        assertEquals(true, attr(decoded, ProtocolAttributes.REDACTED));
        assertEquals(2L, attr(decoded, RespDecoder.PIPELINED));
        Leaks.assertNoLeak(decoded, SECRET, "AUTH password");
    }

    @Test
    void redactsUserAndPasswordOfAuthWithAUserName() {
        DecodedExchange decoded = decode(CLI_AUTH_USER_HELLO_GET, "+OK\r\n" + HELLO_REPLY + "_\r\n");

        assertEquals(
                "*3\r\n$4\r\nAUTH\r\n$10\r\n[REDACTED]\r\n$10\r\n[REDACTED]\r\n"
                        + "*2\r\n$5\r\nHELLO\r\n$1\r\n3\r\n*2\r\n$3\r\nGET\r\n$8\r\ngreeting\r\n",
                text(decoded.requestPreview()));
        assertEquals(3L, attr(decoded, RespDecoder.PIPELINED));
        assertEquals(2L, attr(decoded, RespDecoder.ARGUMENTS));
        Leaks.assertNoLeak(decoded, SECRET, "AUTH user password");
    }

    @Test
    void redactsTheCredentialsOfHelloAuth() {
        DecodedExchange decoded = decode(HELLO_AUTH, HELLO_REPLY);

        assertEquals("HELLO", decoded.spanName());
        assertEquals(
                "*5\r\n$5\r\nHELLO\r\n$1\r\n3\r\n$4\r\nAUTH\r\n$10\r\n[REDACTED]\r\n$10\r\n[REDACTED]\r\n",
                text(decoded.requestPreview()));
        assertEquals("map", attr(decoded, RespDecoder.REPLY));
        Leaks.assertNoLeak(decoded, SECRET, "HELLO AUTH");
    }

    @Test
    void keepsTheClientNameOfHelloAuthSetname() {
        DecodedExchange decoded = decode(
                "*7\r\n$5\r\nHELLO\r\n$1\r\n2\r\n$4\r\nauth\r\n$3\r\napp\r\n$17\r\n" + SECRET
                        + "\r\n$7\r\nSETNAME\r\n$5\r\nmyapp\r\n",
                "*14\r\n");
        assertTrue(text(decoded.requestPreview()).endsWith("$7\r\nSETNAME\r\n$5\r\nmyapp\r\n"));
        Leaks.assertNoLeak(decoded, SECRET, "HELLO AUTH SETNAME");
    }

    @Test
    void redactsMigrateAuthAndAuth2() {
        String auth = "*10\r\n$7\r\nMIGRATE\r\n$9\r\n127.0.0.1\r\n$4\r\n6380\r\n$0\r\n\r\n$1\r\n0\r\n$4\r\n5000\r\n"
                + "$4\r\nAUTH\r\n$17\r\n" + SECRET + "\r\n$4\r\nKEYS\r\n$4\r\nkey1\r\n";
        DecodedExchange decoded = decode(auth, "+NOKEY\r\n");
        assertEquals("MIGRATE", decoded.spanName());
        assertTrue(text(decoded.requestPreview())
                .endsWith("$4\r\nAUTH\r\n$10\r\n[REDACTED]\r\n$4\r\nKEYS\r\n$4\r\nkey1\r\n"));
        Leaks.assertNoLeak(decoded, SECRET, "MIGRATE AUTH");

        String auth2 = "*9\r\n$7\r\nMIGRATE\r\n$9\r\n127.0.0.1\r\n$4\r\n6380\r\n$4\r\nAUTH\r\n$1\r\n0\r\n$4\r\n5000\r\n"
                + "$5\r\nAUTH2\r\n$3\r\napp\r\n$17\r\n" + SECRET + "\r\n";
        decoded = decode(auth2, "+OK\r\n");
        assertTrue(
                text(decoded.requestPreview()).endsWith("$5\r\nAUTH2\r\n$10\r\n[REDACTED]\r\n$10\r\n[REDACTED]\r\n"),
                text(decoded.requestPreview()));
        assertTrue(text(decoded.requestPreview()).contains("$4\r\nAUTH\r\n$1\r\n0\r\n"), "a key named AUTH is kept");
        Leaks.assertNoLeak(decoded, SECRET, "MIGRATE AUTH2");
    }

    @Test
    void redactsInlineAuthAndHello() {
        DecodedExchange decoded = decode("AUTH " + SECRET + "\r\nPING\r\n", "+OK\r\n+PONG\r\n");
        assertEquals("AUTH [REDACTED]\r\nPING\r\n", text(decoded.requestPreview()));
        assertEquals("AUTH", decoded.spanName());
        assertEquals(2L, attr(decoded, RespDecoder.PIPELINED));

        decoded = decode("auth app \"" + SECRET + " with spaces\"\n", "+OK\r\n");
        assertEquals("auth [REDACTED]\n", text(decoded.requestPreview()));

        decoded = decode("HELLO 3 AUTH default " + SECRET + "\r\n", HELLO_REPLY);
        assertEquals("HELLO 3 AUTH [REDACTED]\r\n", text(decoded.requestPreview()));
        Leaks.assertNoLeak(decoded, SECRET, "inline HELLO");
    }

    @Test
    void redactsPasswordsSetThroughConfigAndAcl() {
        DecodedExchange decoded = decode(
                "*6\r\n$6\r\nCONFIG\r\n$3\r\nSET\r\n$7\r\ntimeout\r\n$1\r\n0\r\n" + "$11\r\nrequirepass\r\n$17\r\n"
                        + SECRET + "\r\n",
                "+OK\r\n");
        assertEquals("CONFIG SET", decoded.spanName());
        assertEquals(
                "*6\r\n$6\r\nCONFIG\r\n$3\r\nSET\r\n$7\r\ntimeout\r\n$1\r\n0\r\n"
                        + "$11\r\nrequirepass\r\n$10\r\n[REDACTED]\r\n",
                text(decoded.requestPreview()));

        decoded = decode(
                "*6\r\n$3\r\nACL\r\n$7\r\nSETUSER\r\n$5\r\nalice\r\n$2\r\non\r\n$18\r\n>" + SECRET
                        + "\r\n$5\r\n+@all\r\n",
                "+OK\r\n");
        assertEquals("ACL SETUSER", decoded.spanName());
        assertEquals(
                "*6\r\n$3\r\nACL\r\n$7\r\nSETUSER\r\n$5\r\nalice\r\n$2\r\non\r\n$10\r\n[REDACTED]\r\n"
                        + "$5\r\n+@all\r\n",
                text(decoded.requestPreview()));

        decoded = decode("acl setuser alice on #" + "ab".repeat(32) + " ~* +@all\n", "+OK\r\n");
        assertEquals("acl setuser alice on [REDACTED]\n", text(decoded.requestPreview()));

        decoded = decode("*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$7\r\ntimeout\r\n", "*2\r\n");
        assertNull(attr(decoded, ProtocolAttributes.REDACTED), "reading an ordinary setting sends no secret");
    }

    @Test
    void withholdsRepliesThatCarrySecrets() {
        String[][] cases = {
            {
                "*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$11\r\nrequirepass\r\n",
                "*2\r\n$11\r\nrequirepass\r\n$17\r\n" + SECRET + "\r\n"
            },
            {"*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$1\r\n*\r\n", "*2\r\n$10\r\nmasterauth\r\n$17\r\n" + SECRET + "\r\n"},
            {"*3\r\n$3\r\nACL\r\n$7\r\nGETUSER\r\n$5\r\nalice\r\n", "*2\r\n$9\r\npasswords\r\n$17\r\n" + SECRET + "\r\n"
            },
            {"*2\r\n$3\r\nACL\r\n$4\r\nLIST\r\n", "*1\r\n$30\r\nuser alice on #" + SECRET + "\r\n"},
        };
        for (String[] c : cases) {
            DecodedExchange decoded = decode(c[0], c[1]);
            assertEquals("[REDACTED]", text(decoded.responsePreview()), c[0]);
            assertEquals(true, attr(decoded, ProtocolAttributes.REDACTED), c[0]);
            Leaks.assertNoLeak(decoded, SECRET, c[0]);
        }
    }

    @Test
    void keepsPreviewsAsCapturedWhenRedactionIsOff() {
        DecodedExchange decoded = decoders.decode(Exchanges.of(CLI_AUTH_SET, "+OK\r\n+OK\r\n"), new Redaction(false));
        assertArrayEquals(bytes(CLI_AUTH_SET), decoded.requestPreview());
        assertNull(attr(decoded, ProtocolAttributes.REDACTED));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                CLI_AUTH_SET,
                CLI_AUTH_USER_HELLO_GET,
                HELLO_AUTH,
                "AUTH app " + SECRET + "\r\n",
                "HELLO 3 AUTH default " + SECRET + " SETNAME cli\r\n",
                "*4\r\n$6\r\nconfig\r\n$3\r\nset\r\n$10\r\nmasterauth\r\n$17\r\n" + SECRET + "\r\n",
                "*5\r\n$3\r\nACL\r\n$7\r\nSETUSER\r\n$3\r\napp\r\n$2\r\non\r\n$18\r\n>" + SECRET + "\r\n",
                "*9\r\n$7\r\nMIGRATE\r\n$1\r\nh\r\n$1\r\n1\r\n$1\r\nk\r\n$1\r\n0\r\n$1\r\n9\r\n$5\r\nAUTH2\r\n$1\r\nu\r\n$17\r\n"
                        + SECRET + "\r\n",
            })
    void neverLeaksAPasswordWhereverTheCaptureLimitCutsTheRequest(String request) {
        byte[] bytes = bytes(request);
        assertTrue(request.contains(SECRET), "the case carries the secret");
        for (int cut = 0; cut <= bytes.length; cut++) {
            DecodedExchange decoded =
                    decoders.decode(Exchanges.cut(bytes, cut, bytes("+OK\r\n"), 5), Redaction.DEFAULT);
            Leaks.assertNoLeak(decoded, SECRET, "cut at " + cut);
        }
    }

    @Test
    void decodesEveryCutOfARealExchangeWithoutFailing() {
        byte[] request = bytes(CLI_AUTH_USER_HELLO_GET);
        byte[] response = bytes("+OK\r\n" + HELLO_REPLY + "_\r\n");
        for (int requestCut = 0; requestCut <= request.length; requestCut++) {
            for (int responseCut = 0; responseCut <= response.length; responseCut++) {
                Exchange exchange = Exchanges.cut(request, requestCut, response, responseCut);
                DecodedExchange decoded = new RespDecoder().decode(exchange, Redaction.DEFAULT);
                if (decoded == null) {
                    assertFalse(new RespDecoder().recognizes(exchange), "cut at " + requestCut);
                    continue;
                }
                if (requestCut >= "*3\r\n$4\r\nAUTH".length()) {
                    assertEquals("AUTH", decoded.spanName());
                }
                if (responseCut > 0) {
                    assertEquals("status", attr(decoded, RespDecoder.REPLY));
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        "'+OK\r\n', status",
        "'-ERR unknown command\r\n', error",
        "':1\r\n', integer",
        "'$3\r\nbar\r\n', bulk",
        "'$-1\r\n', null",
        "'*2\r\n$1\r\na\r\n$1\r\nb\r\n', array",
        "'*-1\r\n', null",
        "'_\r\n', null",
        "',1.5\r\n', double",
        "'#t\r\n', boolean",
        "'!21\r\nSYNTAX invalid syntax\r\n', blob_error",
        "'=15\r\ntxt:Some string\r\n', verbatim",
        "'(3492890328409238509324850943850943825024385\r\n', big_number",
        "'%1\r\n$1\r\nf\r\n$1\r\nv\r\n', map",
        "'~1\r\n$1\r\nm\r\n', set",
        "'>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n', push",
        "'|1\r\n+ttl\r\n:3600\r\n', attribute",
    })
    void namesTheReplyTypeOfResp2AndResp3(String reply, String type) {
        DecodedExchange decoded = decode("*2\r\n$3\r\nGET\r\n$3\r\nfoo\r\n", reply);
        assertEquals(type, attr(decoded, RespDecoder.REPLY));
        assertEquals(type.endsWith("error"), decoded.error());
    }

    @Test
    void reportsTheErrorPrefixOfAnErrorReply() {
        DecodedExchange decoded = decode(
                "*3\r\n$5\r\nLPUSH\r\n$1\r\nh\r\n$1\r\nx\r\n",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertTrue(decoded.error());
        assertEquals("WRONGTYPE", attr(decoded, ProtocolAttributes.ERROR_TYPE));
        assertEquals("WRONGTYPE", attr(decoded, RespDecoder.STATUS_CODE));

        decoded = decode("*1\r\n$4\r\nKEYS\r\n", "-ERR wrong number of arguments for 'keys' command\r\n");
        assertEquals("ERR", attr(decoded, ProtocolAttributes.ERROR_TYPE));

        decoded = decode("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", "!21\r\nSYNTAX invalid syntax\r\n");
        assertEquals("SYNTAX", attr(decoded, ProtocolAttributes.ERROR_TYPE));
        assertTrue(decoded.error());
    }

    @Test
    void reportsAnErrorWithoutCodeWhenTheFirstWordIsCut() {
        DecodedExchange decoded = decoders.decode(
                Exchanges.cut(bytes("*1\r\n$4\r\nPING\r\n"), 99, bytes("-NOAUTH Authentication required.\r\n"), 4),
                Redaction.DEFAULT);
        assertTrue(decoded.error());
        assertNull(attr(decoded, ProtocolAttributes.ERROR_TYPE));
    }

    @Test
    void namesPipelinedCommandsAfterTheFirstAndCountsThem() {
        String pipeline = "*1\r\n$5\r\nMULTI\r\n*2\r\n$4\r\nINCR\r\n$3\r\ncnt\r\n*2\r\n$3\r\nGET\r\n$3\r\ncnt\r\n"
                + "*1\r\n$4\r\nEXEC\r\n";
        DecodedExchange decoded = decode(pipeline, "+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n:1\r\n$1\r\n1\r\n");
        assertEquals("MULTI", decoded.spanName());
        assertEquals(4L, attr(decoded, RespDecoder.PIPELINED));
        assertEquals(0L, attr(decoded, RespDecoder.ARGUMENTS));

        byte[] bytes = bytes(pipeline);
        decoded = decoders.decode(Exchanges.cut(bytes, pipeline.indexOf("GET") + 2, new byte[0], 0), Redaction.DEFAULT);
        assertEquals(2L, attr(decoded, RespDecoder.PIPELINED), "only commands whose name is visible count");
    }

    @Test
    void countsTheDeclaredArgumentsOfACutCommand() {
        byte[] mset = bytes("*7\r\n$4\r\nMSET\r\n$2\r\nk1\r\n$200\r\n" + "v".repeat(200) + "\r\n$2\r\nk2\r\n$1\r\nv\r\n"
                + "$2\r\nk3\r\n$1\r\nv\r\n");
        DecodedExchange decoded = decoders.decode(Exchanges.cut(mset, 64, bytes("+OK\r\n"), 5), Redaction.DEFAULT);
        assertEquals("MSET", decoded.spanName());
        assertEquals(6L, attr(decoded, RespDecoder.ARGUMENTS));
    }

    @Test
    void recognizesArraysOfBulkStringsAndKnownInlineCommands() {
        RespDecoder resp = new RespDecoder();
        assertTrue(resp.recognizes(Exchanges.of("*1\r\n$4\r\nPING\r\n", "")));
        assertTrue(resp.recognizes(Exchanges.of("*2\r\n$", "")));
        assertTrue(resp.recognizes(Exchanges.of("ping\r\n", "")));
        assertTrue(resp.recognizes(Exchanges.of("SET k v\n", "")));
        assertFalse(resp.recognizes(Exchanges.of("*2\r\n:1\r\n", "")));
        assertFalse(resp.recognizes(Exchanges.of("*\r\n$", "")));
        assertFalse(resp.recognizes(Exchanges.of("HELLOWORLD\r\n", "")));
        assertFalse(resp.recognizes(Exchanges.of("{\"jsonrpc\":\"2.0\"}", "")));
        assertFalse(
                resp.recognizes(Exchanges.of(new byte[] {0, 'A', 'U', 'T', 'H', ' ', 'E', 'X'}, new byte[0])),
                "D-Bus authentication starts with a NUL byte");
    }

    @Test
    void leavesHttpToTheHttpDecoder() {
        DecodedExchange decoded = decode("GET /info HTTP/1.1\r\n\r\n", "HTTP/1.1 200 OK\r\n\r\n");
        assertEquals("http", attr(decoded, ProtocolAttributes.PROTOCOL));
    }

    @Test
    void namesACommandWhoseNameIsCutAfterTheSystem() {
        DecodedExchange decoded =
                decoders.decode(Exchanges.cut(bytes("*1\r\n$4\r\nPING\r\n"), 10, new byte[0], 0), Redaction.DEFAULT);
        assertEquals("redis", decoded.spanName());
        assertNull(attr(decoded, RespDecoder.OPERATION));
    }

    @Test
    void recognizesInlineCommandsAsTokenizingTheWholePrefixWould() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(20261129);
        String[] words = {
            "get",
            "SET",
            "Info",
            "BITFIELD_RO",
            "bitfield_ro",
            "GEORADIUSBYMEMBER",
            "georadiusbymemberx",
            "HELLOWORLD",
            "abcdefghijklmnopqrstuvwxyzabcdefghij",
            "SORT_RO",
            "sort-ro",
            "\"GET\"",
            "PING"
        };
        String[] after = {"", " ", "\t", "\r\n", "\n", "\r", "_x", "1", "\"", " key value\r\n", "é"};
        RespDecoder resp = new RespDecoder();
        int recognized = 0;
        for (int round = 0; round < 50_000; round++) {
            StringBuilder text = new StringBuilder();
            int parts = 1 + random.nextInt(3);
            for (int p = 0; p < parts; p++) {
                text.append(words[random.nextInt(words.length)]).append(after[random.nextInt(after.length)]);
            }
            byte[] all = bytes(text.toString());
            byte[] request = java.util.Arrays.copyOf(all, random.nextInt(all.length + 1));
            Exchange exchange = Exchanges.of(request, new byte[0]);
            boolean expected = recognizedByTokenizingItAll(request);
            assertEquals(expected, resp.recognizes(exchange), text(request));
            recognized += expected ? 1 : 0;
            for (RespCommand command : RespRequestReader.read(request)) {
                assertEquals(command.name(request) != null, command.hasName(), text(request));
            }
        }
        assertTrue(recognized > 1000, "the inputs should also hold known commands: " + recognized);
    }

    /** Recognition as it was before the first word was read on its own: the whole prefix tokenized. */
    private static boolean recognizedByTokenizingItAll(byte[] bytes) {
        if (RespRequestReader.startsWithArrayOfBulkStrings(bytes)) {
            return true;
        }
        if (bytes.length == 0 || !RespRequestReader.isLetter(bytes[0])) {
            return false;
        }
        java.util.List<RespCommand> commands = RespRequestReader.read(bytes);
        if (commands.isEmpty() || !commands.get(0).inline()) {
            return false;
        }
        String name = commands.get(0).name(bytes);
        return name != null && RedisCommands.isKnown(name);
    }
}
