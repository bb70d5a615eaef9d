package dev.udsotel.agent.it.workload;

import java.io.DataInputStream;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A junixsocket server and client in one JVM, through java.net's Socket API only (so one build runs on junixsocket
 * 2.4 to 2.11): {@code <socket> <marker socket>}, three messages echoed, reversed, on one connection. Prints the CRC-32
 * of the echoes, then makes a java.nio {@link Marker} exchange.
 */
public final class JunixsocketEchoWorkload {
    private JunixsocketEchoWorkload() {}

    public static void main(String[] args) throws Exception {
        File file = new File(args[0]);
        file.delete();
        AFUNIXSocketAddress address = AFUNIXSocketAddress.of(file);
        CRC32 crc = new CRC32();
        try (ServerSocket server = AFUNIXServerSocket.newInstance()) {
            server.bind(address);
            Thread echo = new Thread(() -> serve(server), "echo");
            echo.start();
            try (Socket client = AFUNIXSocket.newInstance()) {
                client.connect(address);
                OutputStream out = client.getOutputStream();
                DataInputStream in = new DataInputStream(client.getInputStream());
                for (int i = 0; i < 3; i++) {
                    byte[] message = ("message " + i).getBytes(StandardCharsets.US_ASCII);
                    out.write(message);
                    byte[] answer = new byte[message.length];
                    in.readFully(answer);
                    crc.update(answer);
                }
            }
            echo.join();
        } finally {
            file.delete();
        }
        System.out.println("checksum " + Long.toHexString(crc.getValue()));
        Marker.exchange(Path.of(args[1]));
    }

    /** Answers each message of the one connection with its bytes reversed. */
    private static void serve(ServerSocket server) {
        try (Socket accepted = server.accept()) {
            InputStream in = accepted.getInputStream();
            OutputStream out = accepted.getOutputStream();
            byte[] buffer = new byte[9];
            for (int i = 0; i < 3; i++) {
                new DataInputStream(in).readFully(buffer);
                byte[] reversed = new StringBuilder(new String(buffer, StandardCharsets.US_ASCII))
                        .reverse()
                        .toString()
                        .getBytes(StandardCharsets.US_ASCII);
                out.write(reversed);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
