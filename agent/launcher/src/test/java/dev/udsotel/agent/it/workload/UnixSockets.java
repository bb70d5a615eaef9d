package dev.udsotel.agent.it.workload;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** Blocking Unix socket basics shared by the workloads: listen, connect, write everything, read exactly. */
public final class UnixSockets {
    private UnixSockets() {}

    public static ServerSocketChannel listen(Path path) throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        return server;
    }

    public static SocketChannel connect(Path path) throws IOException {
        return SocketChannel.open(UnixDomainSocketAddress.of(path));
    }

    public static void writeAll(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    public static byte[] readExactly(SocketChannel channel, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("end of stream after " + buffer.position() + " of " + length + " bytes");
            }
        }
        return buffer.array();
    }

    /** Waits for the peer to close; anything it still sends is a protocol error of the workload. */
    public static void awaitEndOfStream(SocketChannel channel) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        if (channel.read(one) >= 0) {
            throw new IOException("expected the end of the stream, got more bytes");
        }
    }

    /**
     * Text plus the bytes a preview must escape: CR, LF, tab, backslash, NUL, DEL and a non-ASCII byte. Callers
     * start the text with "uds-it", which no protocol decoder takes for a command or method of its protocol.
     */
    public static byte[] withAwkwardBytes(String text) {
        byte[] head = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] tail = {'\r', '\n', '\t', '\\', 0x00, 0x7f, (byte) 0xff};
        byte[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
