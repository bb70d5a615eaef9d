package dev.udsotel.sidecar.output;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The IPv4 addresses and ports that stand in for Unix socket ends in a pcap, chosen so that Wireshark's
 * dissectors and conversation views do the right thing:
 * <ul>
 *   <li>the server end is 127.x.y.z, hashed from the socket path, so one path is one address;</li>
 *   <li>the client end is 10.x.y.z spelling out the client's pid (10.0.16.42 is pid 4138), or
 *       10.255.255.254 when the client's pid is unknown;</li>
 *   <li>the server port names the protocol the first bytes or the socket's name show (80 for HTTP, 6379 for
 *       Redis, 5432 for PostgreSQL), because that is how Wireshark picks a dissector without being told;
 *       otherwise it is hashed from the path into 20000-29999;</li>
 *   <li>client ports count up from 32768, one per connection, so no two connections share a 4-tuple.</li>
 * </ul>
 */
final class SyntheticAddresses {
    static final int UNKNOWN_CLIENT = ip(10, 255, 255, 254);
    private static final String[] HTTP_STARTS = {
        "GET ",
        "POST ",
        "PUT ",
        "HEAD ",
        "DELETE ",
        "PATCH ",
        "OPTIONS ",
        "CONNECT ",
        "TRACE ",
        "HTTP/1.",
        "PRI * HT" // the HTTP/2 preface: tshark's HTTP dissector on port 80 hands the stream to HTTP/2
    };

    /** The name libpq gives a server's socket: .s.PGSQL.&lt;port&gt;. */
    private static final String POSTGRES_SOCKET = "/.s.PGSQL.";

    private int nextClientPort = 32_768;

    static int server(String path) {
        int h = path.hashCode() * 0x9E3779B1;
        int low = (h >>> 8) & 0xffffff;
        return (127 << 24) | (low == 0 || low == 0xffffff || low == 1 ? 2 : low);
    }

    static int client(long pid) {
        if (pid <= 0 || pid >= 0xffffff) {
            return UNKNOWN_CLIENT;
        }
        return (10 << 24) | (int) pid;
    }

    static int serverPort(String path, byte[] firstBytes) {
        String start = new String(firstBytes, 0, Math.min(firstBytes.length, 8), StandardCharsets.ISO_8859_1);
        for (String http : HTTP_STARTS) {
            if (start.startsWith(http)) {
                return 80;
            }
        }
        if (startsWithHttp2Settings(firstBytes)) {
            return 80; // an HTTP/2 server's SETTINGS before the client's preface: the same stream for tshark
        }
        if (start.length() > 1 && start.charAt(0) == '*' && Character.isDigit(start.charAt(1))) {
            return 6379;
        }
        if (isPostgresStartup(firstBytes) || path.contains(POSTGRES_SOCKET)) {
            return 5432;
        }
        return 20_000 + Math.floorMod(path.hashCode(), 10_000);
    }

    /** A SETTINGS frame (type 4, stream 0, a multiple of 6 bytes long), which an HTTP/2 server sends first. */
    private static boolean startsWithHttp2Settings(byte[] b) {
        if (b.length < 9 || b[3] != 4 || b[4] != 0 || (b[5] | b[6] | b[7] | b[8]) != 0) {
            return false;
        }
        int length = ((b[0] & 0xff) << 16) | ((b[1] & 0xff) << 8) | (b[2] & 0xff);
        return length % 6 == 0 && length <= 16_384 && b.length >= 9 + length;
    }

    /**
     * A PostgreSQL client's first message: an Int32 length, then protocol 3.0 (StartupMessage) or one of the
     * request codes 1234/5678 (CancelRequest), 1234/5679 (SSLRequest), 1234/5680 (GSSENCRequest).
     */
    private static boolean isPostgresStartup(byte[] b) {
        if (b.length < 8) {
            return false;
        }
        int length = ByteBuffer.wrap(b, 0, 4).getInt();
        int code = ByteBuffer.wrap(b, 4, 4).getInt();
        boolean request = code >= 80_877_102 && code <= 80_877_104;
        return length >= 8 && length < 10_000 && (code == 0x0003_0000 || request);
    }

    int nextClientPort() {
        int port = nextClientPort;
        nextClientPort = port >= 60_999 ? 32_768 : port + 1;
        return port;
    }

    static int ip(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }
}
