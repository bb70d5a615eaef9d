import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One end of HTTP/1.1 over a Unix socket, run as a source file so the same file runs on JDK 17 and 25:
 * {@code server SOCKET} answers every request on every connection until killed;
 * {@code client SOCKET COUNT} sends COUNT GET requests on one keep-alive connection and reads each answer, prints
 * "done" and keeps the connection open until killed (so the test decides when it has seen the spans it waits for).
 */
public class HttpPeer {
    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[1]);
        if (args[0].equals("server")) {
            serve(socket);
        } else {
            call(socket, Integer.parseInt(args[2]));
        }
    }

    private static void serve(Path socket) throws IOException {
        Files.deleteIfExists(socket);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            System.out.println("listening on " + socket);
            while (true) {
                SocketChannel peer = server.accept();
                new Thread(() -> answer(peer)).start();
            }
        }
    }

    private static void answer(SocketChannel peer) {
        try (peer) {
            while (true) {
                String request = readUntil(peer, "\r\n\r\n");
                if (request == null) {
                    return;
                }
                String body = "{\"ok\":true}";
                write(
                        peer,
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                                + "\r\n\r\n" + body);
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void call(Path socket, int requests) throws IOException, InterruptedException {
        try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            client.connect(UnixDomainSocketAddress.of(socket));
            for (int i = 0; i < requests; i++) {
                write(client, "GET /items/" + i + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: http-peer\r\n\r\n");
                String head = readUntil(client, "\r\n\r\n");
                int length = Integer.parseInt(head.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
                int bodyRead = head.length() - (head.indexOf("\r\n\r\n") + 4);
                ByteBuffer rest = ByteBuffer.allocate(length - bodyRead);
                while (rest.hasRemaining()) {
                    if (client.read(rest) < 0) {
                        throw new IOException("closed mid-body");
                    }
                }
                Thread.sleep(50);
            }
            System.out.println("done");
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** The text up to and including {@code end}, or null when the peer closed before sending anything. */
    private static String readUntil(SocketChannel channel, String end) throws IOException {
        StringBuilder text = new StringBuilder();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (text.indexOf(end) < 0) {
            buffer.clear();
            if (channel.read(buffer) < 0) {
                if (text.length() == 0) {
                    return null;
                }
                throw new IOException("closed");
            }
            text.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII));
        }
        return text.toString();
    }

    private static void write(SocketChannel channel, String text) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
