package dev.udsotel.core.protocol.fuzz;

import static dev.udsotel.core.protocol.fuzz.Wire.concat;
import static dev.udsotel.core.protocol.fuzz.Wire.cstring;
import static dev.udsotel.core.protocol.fuzz.Wire.int16;
import static dev.udsotel.core.protocol.fuzz.Wire.int32;
import static dev.udsotel.core.protocol.fuzz.Wire.latin1;
import static dev.udsotel.core.protocol.fuzz.Wire.typed;
import static dev.udsotel.core.protocol.fuzz.Wire.untyped;

import java.util.List;

/**
 * A protocol as the mutator sees it: valid requests and responses to start from, the tokens that matter to its
 * parser, and whether its lengths are binary (PostgreSQL) or decimal text (HTTP, RESP).
 */
enum Dialect {
    HTTP(
            List.of(
                    "GET /v1.43/containers/json?all=1&limit=5 HTTP/1.1\r\nHost: localhost\r\nUser-Agent: curl/7.88.1\r\n"
                            + "Accept: */*\r\n\r\n",
                    "POST /v1.43/containers/create?name=demo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n26\r\n{\"Image\":\"alpine\",\"Cmd\":[\"echo\",\"hi\"]}\r\n0\r\n\r\n",
                    "PUT /v1/kv/key HTTP/1.0\nContent-Length: 5\n\nhelloGET /next HTTP/1.1\r\nHost: x\r\n\r\n",
                    "HEAD /_ping HTTP/1.1\r\nHost: docker\r\nUser-Agent: Go-http-client/1.1\r\n\r\n",
                    "DELETE /containers/abc?force=true HTTP/1.1\r\nHost: docker\r\nContent-Length: 0\r\n\r\n",
                    "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
                    "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com\r\n\r\n"),
            List.of(
                    "HTTP/1.1 200 OK\r\nApi-Version: 1.43\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n[]\n",
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1f\r\n{\"status\":\"Pulling from alpine\"}\r\n"
                            + "14\r\n{\"status\":\"Digest\"}\n\r\n0\r\n\r\n",
                    "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n",
                    "HTTP/1.0 404 Not Found\nContent-Length: 9\n\nnot found",
                    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: tcp\r\nConnection: Upgrade\r\n\r\n\u0001\u0000\u0000",
                    "HTTP/1.1 204 No Content\r\n\r\n"),
            List.of(
                    "GET ",
                    "POST ",
                    "HEAD ",
                    " HTTP/1.1",
                    "HTTP/1.0",
                    "HTTP/1.1 ",
                    "\r\n",
                    "\n",
                    "\r\n\r\n",
                    " ",
                    "\t",
                    ":",
                    "/",
                    "?",
                    "#",
                    "%00",
                    "Content-Length: ",
                    "Content-Length: -1\r\n",
                    "Transfer-Encoding: chunked\r\n",
                    "transfer-encoding: gzip, chunked\r\n",
                    "Host: ",
                    "User-Agent: ",
                    "0\r\n\r\n",
                    "ffffffffffffffff\r\n",
                    "1;ext=1\r\n",
                    "\r\n ",
                    "200 ",
                    "999 ",
                    "1xx "),
            "\r\n:/ 09aAfF;",
            false),
    REDIS(
            List.of(
                    "*3\r\n$3\r\nSET\r\n$8\r\ngreeting\r\n$5\r\nhello\r\n",
                    "*2\r\n$3\r\nGET\r\n$8\r\ngreeting\r\n*1\r\n$4\r\nPING\r\n*3\r\n$6\r\nCLIENT\r\n$7\r\nSETNAME\r\n$3\r\napp\r\n",
                    "*2\r\n$5\r\nHELLO\r\n$1\r\n3\r\n",
                    "PING\r\nSET k \"quoted \\\" value\" 'single'\r\nGET k\n",
                    "*4\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$9\r\nmaxmemory\r\n$1\r\n*\r\n",
                    "*5\r\n$4\r\nXADD\r\n$6\r\nstream\r\n$1\r\n*\r\n$5\r\nfield\r\n$0\r\n\r\n"),
            List.of(
                    "+OK\r\n",
                    "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
                    "$5\r\nhello\r\n",
                    "$-1\r\n",
                    "*-1\r\n",
                    ":1000\r\n",
                    "_\r\n",
                    ",1.5\r\n",
                    "#t\r\n",
                    "!21\r\nSYNTAX invalid syntax\r\n",
                    "=15\r\ntxt:Some string\r\n",
                    "(3492890328409238509324850943850943825024385\r\n",
                    "%2\r\n$6\r\nserver\r\n$5\r\nredis\r\n$5\r\nproto\r\n:3\r\n",
                    "*2\r\n*2\r\n:1\r\n$1\r\na\r\n~1\r\n+x\r\n",
                    ">2\r\n$7\r\nmessage\r\n$3\r\nhi!\r\n",
                    "|1\r\n+key\r\n+val\r\n+OK\r\n"),
            List.of(
                    "*",
                    "$",
                    ":",
                    "+",
                    "-",
                    "_",
                    ",",
                    "#",
                    "!",
                    "=",
                    "(",
                    "%",
                    "~",
                    ">",
                    "|",
                    "\r\n",
                    "\n",
                    " ",
                    "\"",
                    "'",
                    "\\",
                    "*1\r\n",
                    "*-1\r\n",
                    "$-1\r\n",
                    "$0\r\n\r\n",
                    "*2147483648\r\n",
                    "$9999999999\r\n",
                    "AUTH",
                    "HELLO",
                    "MIGRATE",
                    "AUTH2",
                    "CONFIG",
                    "SET",
                    "ACL",
                    "SETUSER",
                    "CLIENT",
                    "requirepass"),
            "\r\n*$:-+ 09\"'",
            false),
    POSTGRES(
            List.of(
                    untyped(
                            int32(3 << 16),
                            cstring("user"),
                            cstring("app"),
                            cstring("database"),
                            cstring("shop"),
                            cstring("application_name"),
                            cstring("psql"),
                            new byte[] {0}),
                    untyped(int32(80877103)),
                    untyped(int32(80877104)),
                    untyped(int32(80877102), int32(4242), int32(0x1234_5678)),
                    typed('p', cstring("md597952dd4c54c79567f4011975e254451")),
                    typed('p', cstring("SCRAM-SHA-256"), int32(32), latin1("n,,n=,r=rOprNGfwEbeRWgbNEkqO%hvYDp")),
                    typed('Q', cstring("SELECT name FROM users WHERE id = 7 AND note = 'it''s'")),
                    concat(
                            typed(
                                    'P',
                                    cstring("s1"),
                                    cstring("SELECT * FROM orders WHERE id = $1"),
                                    int16(1),
                                    int32(23)),
                            typed('B', cstring(""), cstring("s1"), int16(0), int16(1), int32(1), latin1("7"), int16(0)),
                            typed('D', latin1("P"), cstring("")),
                            typed('E', cstring(""), int32(0)),
                            typed('S')),
                    concat(typed('C', latin1("S"), cstring("s1")), typed('H'), typed('X')),
                    concat(typed('d', latin1("1\tone\n")), typed('c')),
                    typed('f', cstring("client gave up")),
                    typed('F', int32(1598), int16(0), int16(0), int16(0))),
            List.of(
                    concat(
                            typed('R', int32(0)),
                            typed('S', cstring("server_version"), cstring("16.4")),
                            typed('K', int32(4242), int32(99)),
                            typed('Z', latin1("I"))),
                    typed('R', int32(5), latin1("salt")),
                    typed('R', int32(10), cstring("SCRAM-SHA-256"), new byte[] {0}),
                    typed('R', int32(11), latin1("r=abc,s=c2FsdA==,i=4096")),
                    concat(
                            typed('R', int32(12), latin1("v=vPjvkabveWDIhmgr+sKka8TFOwUVc6xUzYXZ/Plix60=")),
                            typed('R', int32(0))),
                    concat(
                            typed(
                                    'T',
                                    int16(1),
                                    cstring("name"),
                                    int32(0),
                                    int16(0),
                                    int32(25),
                                    int16(-1),
                                    int32(-1),
                                    int16(0)),
                            typed('D', int16(1), int32(3), latin1("ann")),
                            typed('C', cstring("SELECT 1")),
                            typed('Z', latin1("I"))),
                    concat(
                            typed(
                                    'E',
                                    cstring("SERROR"),
                                    cstring("C42P01"),
                                    cstring("Mrelation does not exist"),
                                    new byte[] {0}),
                            typed('Z', latin1("E"))),
                    latin1("S"),
                    latin1("N")),
            List.of(
                    "\u0000",
                    "\u0000\u0000\u0000\u0004",
                    "\u0000\u0000\u0000\u0000",
                    "\u00ff\u00ff\u00ff\u00ff",
                    "\u007f\u00ff\u00ff\u00ff",
                    "\u0000\u0003\u0000\u0000",
                    "Q",
                    "P",
                    "B",
                    "E",
                    "S",
                    "p",
                    "R",
                    "Z",
                    "password\u0000",
                    "user\u0000",
                    "PASSWORD '",
                    "'",
                    "$$",
                    "E'",
                    "\\'"),
            "\u0000\u0001\u0004\u00ff\u0080'QPpRSZ",
            true);

    private final List<byte[]> requests;
    private final List<byte[]> responses;
    private final List<byte[]> tokens;
    private final byte[] specialBytes;
    private final boolean binaryLengths;

    Dialect(List<?> requests, List<?> responses, List<String> tokens, String specialBytes, boolean binaryLengths) {
        this.requests = bytesOf(requests);
        this.responses = bytesOf(responses);
        this.tokens = tokens.stream().map(Wire::latin1).toList();
        this.specialBytes = latin1(specialBytes);
        this.binaryLengths = binaryLengths;
    }

    private static List<byte[]> bytesOf(List<?> items) {
        return items.stream()
                .map(item -> item instanceof String text ? latin1(text) : (byte[]) item)
                .toList();
    }

    List<byte[]> requests() {
        return requests;
    }

    List<byte[]> responses() {
        return responses;
    }

    List<byte[]> tokens() {
        return tokens;
    }

    byte[] specialBytes() {
        return specialBytes;
    }

    boolean binaryLengths() {
        return binaryLengths;
    }
}
