package dev.udsotel.agent.it.workload;

import java.io.DataInputStream;
import java.io.File;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import jnr.unixsocket.UnixServerSocketChannel;
import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketChannel;

/**
 * A jnr-unixsocket server and client in one JVM, over {@code <socket>}: the client writes through its socket's stream
 * and the server answers through its channel, three messages reversed on one connection. Prints the CRC-32 of the
 * answers and the pid, to compare runs with and without the agent.
 */
public final class JnrUnixsocketEchoWorkload {
    private static final int MESSAGES = 3;
    private static final int LENGTH = 9;

    private JnrUnixsocketEchoWorkload() {}

    public static void main(String[] args) throws Exception {
        File file = new File(args[0]);
        file.delete();
        UnixSocketAddress address = new UnixSocketAddress(file);
        CRC32 crc = new CRC32();
        try (UnixServerSocketChannel server = UnixServerSocketChannel.open()) {
            server.socket().bind(address);
            Thread echo = new Thread(() -> serve(server), "echo");
            echo.start();
            try (UnixSocketChannel client = UnixSocketChannel.open(address)) {
                OutputStream out = client.socket().getOutputStream();
                DataInputStream in = new DataInputStream(client.socket().getInputStream());
                for (int i = 0; i < MESSAGES; i++) {
                    byte[] message = ("message " + i).getBytes(StandardCharsets.US_ASCII);
                    out.write(message);
                    byte[] answer = new byte[LENGTH];
                    in.readFully(answer);
                    crc.update(answer);
                }
            }
            echo.join();
        } finally {
            file.delete();
        }
        System.out.println("checksum " + Long.toHexString(crc.getValue()) + " pid "
                + ProcessHandle.current().pid());
    }

    /** Answers each message of the one connection with its bytes reversed, through the channel's own reads and writes. */
    private static void serve(UnixServerSocketChannel server) {
        try (UnixSocketChannel accepted = server.accept()) {
            for (int i = 0; i < MESSAGES; i++) {
                ByteBuffer message = ByteBuffer.allocate(LENGTH);
                while (message.hasRemaining()) {
                    if (accepted.read(message) < 0) {
                        throw new IllegalStateException("closed early");
                    }
                }
                byte[] reversed = new StringBuilder(new String(message.array(), StandardCharsets.US_ASCII))
                        .reverse()
                        .toString()
                        .getBytes(StandardCharsets.US_ASCII);
                ByteBuffer answer = ByteBuffer.wrap(reversed);
                while (answer.hasRemaining()) {
                    accepted.write(answer);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
