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
 * One JVM, both ends of one keep-alive HTTP/1.1 connection over a Unix socket: a few GET requests, each answered
 * by a small JSON body. Run as a source file (java KeepAliveHttpConversation.java SOCKET COUNT) so the same file
 * runs on JDK 17 and 25. The connection stays open long enough before the first request for the agent to learn
 * the peer's inode. After the conversation the JVM waits to be stopped.
 */
public class KeepAliveHttpConversation {
    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        int requests = Integer.parseInt(args[1]);
        Files.deleteIfExists(socket);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread serving = new Thread(() -> serve(server, requests), "http-server");
            serving.start();
            try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                client.connect(UnixDomainSocketAddress.of(socket));
                Thread.sleep(300);
                for (int i = 0; i < requests; i++) {
                    String path = i % 2 == 0 ? "/version" : "/containers/json";
                    write(client, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: crosscheck\r\n\r\n");
                    readResponse(client);
                    Thread.sleep(50);
                }
            }
            serving.join();
        }
        System.out.println("conversation done");
        Thread.sleep(Long.MAX_VALUE); // until the test has seen the spans: an exit under load must not lose them
    }

    private static void serve(ServerSocketChannel server, int requests) {
        try (SocketChannel peer = server.accept()) {
            for (int i = 0; i < requests; i++) {
                String request = readUntil(peer, "\r\n\r\n");
                String body = request.startsWith("GET /version") ? "{\"Version\":\"1.0\"}" : "[]";
                write(
                        peer,
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                                + "\r\n\r\n" + body);
            }
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static void readResponse(SocketChannel channel) throws IOException {
        String head = readUntil(channel, "\r\n\r\n");
        int length = Integer.parseInt(head.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
        int bodyRead = head.length() - (head.indexOf("\r\n\r\n") + 4);
        ByteBuffer rest = ByteBuffer.allocate(length - bodyRead);
        while (rest.hasRemaining()) {
            if (channel.read(rest) < 0) {
                throw new IOException("closed mid-body");
            }
        }
    }

    private static String readUntil(SocketChannel channel, String end) throws IOException {
        StringBuilder text = new StringBuilder();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (text.indexOf(end) < 0) {
            buffer.clear();
            if (channel.read(buffer) < 0) {
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
