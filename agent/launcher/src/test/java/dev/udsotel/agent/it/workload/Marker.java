package dev.udsotel.agent.it.workload;

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
 * One java.nio exchange on a socket of its own, made after a workload's other traffic: once its span has arrived, so
 * has every span the run made, and a test can tell that some traffic made none without waiting for nothing.
 */
public final class Marker {
    private Marker() {}

    public static void exchange(Path socket) throws IOException {
        Files.deleteIfExists(socket);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                    SocketChannel accepted = server.accept()) {
                client.write(ByteBuffer.wrap("marker".getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer request = ByteBuffer.allocate(6);
                while (request.hasRemaining()) {
                    accepted.read(request);
                }
                accepted.write(request.flip());
                ByteBuffer response = ByteBuffer.allocate(6);
                while (response.hasRemaining()) {
                    client.read(response);
                }
            }
        } finally {
            Files.deleteIfExists(socket);
        }
    }
}
