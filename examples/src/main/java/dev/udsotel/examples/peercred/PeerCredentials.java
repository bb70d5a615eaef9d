package dev.udsotel.examples.peercred;

import dev.udsotel.examples.SocketFiles;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Shows who is on the other end of a Unix domain socket, as the kernel vouches for it (SO_PEERCRED): the server
 * prints each client's user and group and tells the client; the client prints the server's as well.
 *
 * <p>Usage: {@code PeerCredentials <socket-path>} (server) or {@code PeerCredentials --connect <socket-path>}
 */
public final class PeerCredentials {

    public static void main(String[] args) throws IOException {
        if (args.length == 1) {
            serve(SocketFiles.claim(args[0]));
        } else if (args.length == 2 && args[0].equals("--connect")) {
            connect(Path.of(args[1]));
        } else {
            System.err.println("usage: PeerCredentials <socket-path> | PeerCredentials --connect <socket-path>");
            System.exit(2);
        }
    }

    private static void serve(Path path) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        System.out.println("peer credentials server listening on " + path);
        while (true) {
            try (SocketChannel client = server.accept()) {
                String peer = describe(client.getOption(ExtendedSocketOptions.SO_PEERCRED));
                System.out.println("client connected: " + peer);
                ByteBuffer reply = ByteBuffer.wrap(("you are " + peer + "\n").getBytes(StandardCharsets.UTF_8));
                while (reply.hasRemaining()) {
                    client.write(reply);
                }
            }
        }
    }

    private static void connect(Path path) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            System.out.println("server is " + describe(channel.getOption(ExtendedSocketOptions.SO_PEERCRED)));
            ByteBuffer reply = ByteBuffer.allocate(1024);
            while (channel.read(reply) >= 0 && reply.hasRemaining()) {
                // read until the server closes the connection
            }
            reply.flip();
            System.out.println("server says: "
                    + StandardCharsets.UTF_8.decode(reply).toString().strip());
        }
    }

    private static String describe(UnixDomainPrincipal principal) {
        return "user=" + principal.user().getName() + " group="
                + principal.group().getName();
    }
}
