package dev.udsotel.examples.echo;

import dev.udsotel.examples.SocketFiles;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A line echo server on a Unix domain stream socket, one thread per connection: every complete line a client
 * sends comes back unchanged. Try it with {@code nc -U <path>} or {@code socat - UNIX-CONNECT:<path>}.
 *
 * <p>Usage: {@code EchoServer <socket-path>}
 */
public final class EchoServer {

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: EchoServer <socket-path>");
            System.exit(2);
        }
        Path path = SocketFiles.claim(args[0]);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        System.out.println("echo server listening on " + path);
        for (int connection = 1; ; connection++) {
            SocketChannel client = server.accept();
            new Thread(() -> echoLines(client), "echo-connection-" + connection).start();
        }
    }

    private static void echoLines(SocketChannel client) {
        try (client) {
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (client.read(buffer) >= 0) {
                buffer.flip();
                writeCompleteLines(client, buffer);
                buffer.compact();
                if (!buffer.hasRemaining()) {
                    buffer.flip(); // a line longer than the buffer: pass it through as it is
                    writeFully(client, buffer);
                    buffer.clear();
                }
            }
            buffer.flip();
            writeFully(client, buffer); // a last line without a newline
        } catch (IOException e) {
            System.err.println("connection ended: " + e.getMessage());
        }
    }

    private static void writeCompleteLines(SocketChannel client, ByteBuffer buffer) throws IOException {
        int lastNewline = -1;
        for (int i = buffer.position(); i < buffer.limit(); i++) {
            if (buffer.get(i) == '\n') {
                lastNewline = i;
            }
        }
        if (lastNewline >= 0) {
            ByteBuffer lines = buffer.duplicate();
            lines.limit(lastNewline + 1);
            writeFully(client, lines);
            buffer.position(lastNewline + 1);
        }
    }

    private static void writeFully(SocketChannel client, ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            client.write(data);
        }
    }
}
