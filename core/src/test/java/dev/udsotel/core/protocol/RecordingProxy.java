package dev.udsotel.core.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** Sits between a real client and a real server on Unix sockets and keeps what each side sent. */
final class RecordingProxy implements AutoCloseable {
    private final ServerSocketChannel listener;
    private final Path upstream;
    private final ByteArrayOutputStream fromClient = new ByteArrayOutputStream();
    private final ByteArrayOutputStream fromServer = new ByteArrayOutputStream();
    private final Thread acceptor;

    RecordingProxy(Path listenAt, Path upstream) throws IOException {
        this.upstream = upstream;
        this.listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(listenAt));
        this.acceptor = new Thread(this::serveOne, "recording-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void serveOne() {
        try (SocketChannel client = listener.accept();
                SocketChannel server = SocketChannel.open(UnixDomainSocketAddress.of(upstream))) {
            Thread back = new Thread(() -> pump(server, client, fromServer), "recording-proxy-back");
            back.setDaemon(true);
            back.start();
            pump(client, server, fromClient);
            server.shutdownOutput();
            back.join();
        } catch (IOException | InterruptedException e) {
            // The client went away: what was recorded so far is the result.
        }
    }

    private static void pump(SocketChannel from, SocketChannel to, ByteArrayOutputStream record) {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                synchronized (record) {
                    record.write(buffer.array(), 0, buffer.limit());
                }
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // Either side closed.
        }
    }

    /** Waits for the conversation to end. */
    void awaitEnd() throws InterruptedException {
        acceptor.join();
    }

    byte[] clientBytes() {
        synchronized (fromClient) {
            return fromClient.toByteArray();
        }
    }

    byte[] serverBytes() {
        synchronized (fromServer) {
            return fromServer.toByteArray();
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
