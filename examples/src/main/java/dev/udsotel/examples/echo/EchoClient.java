package dev.udsotel.examples.echo;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Sends each message as a line to an {@link EchoServer} over one connection and prints the reply.
 *
 * <p>Usage: {@code EchoClient <socket-path> [message...]} (default messages: hello, unix domain sockets)
 */
public final class EchoClient {

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: EchoClient <socket-path> [message...]");
            System.exit(2);
        }
        List<String> messages =
                args.length > 1 ? Arrays.asList(args).subList(1, args.length) : List.of("hello", "unix domain sockets");
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(Path.of(args[0])));
            for (String message : messages) {
                ByteBuffer line = ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8));
                while (line.hasRemaining()) {
                    channel.write(line);
                }
                System.out.println("reply: " + readLine(channel));
            }
        }
    }

    private static String readLine(SocketChannel channel) throws IOException {
        ByteBuffer reply = ByteBuffer.allocate(64 * 1024);
        while (reply.position() == 0 || reply.get(reply.position() - 1) != '\n') {
            if (channel.read(reply) < 0 || !reply.hasRemaining()) {
                break;
            }
        }
        reply.flip();
        return StandardCharsets.UTF_8.decode(reply).toString().stripTrailing();
    }
}
