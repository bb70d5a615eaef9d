package dev.udsotel.agent.it.workload;

import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Semaphore;

/**
 * A client and an echo server in one JVM, on blocking channels with heap buffers. Each round the client sends
 * {@link #message} and reads it back. The server echoes in two writes and only then lets the client read the
 * second one, so the server's exchange ends, provably, before the client's does.
 *
 * <p>Usage: {@code PingPongWorkload <rounds> <socket-path>...}; the rounds run on each socket in turn.
 */
public final class PingPongWorkload {
    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        System.out.println("pid " + ProcessHandle.current().pid());
        for (int i = 1; i < args.length; i++) {
            pingPong(Path.of(args[i]), rounds);
        }
        System.out.println("done");
    }

    public static byte[] message(int round) {
        return UnixSockets.withAwkwardBytes("uds-it round " + round + " ");
    }

    public static int firstHalf(byte[] message) {
        return message.length / 2;
    }

    private static void pingPong(Path path, int rounds) throws Exception {
        Semaphore secondHalfWritten = new Semaphore(0);
        Exception[] serverFailure = new Exception[1];
        try (ServerSocketChannel listener = UnixSockets.listen(path)) {
            Thread server = new Thread(
                    () -> {
                        try (SocketChannel peer = listener.accept()) {
                            for (int round = 1; round <= rounds; round++) {
                                byte[] expected = message(round);
                                byte[] got = UnixSockets.readExactly(peer, expected.length);
                                if (!Arrays.equals(expected, got)) {
                                    throw new IllegalStateException("server got the wrong bytes in round " + round);
                                }
                                UnixSockets.writeAll(peer, Arrays.copyOfRange(got, 0, firstHalf(got)));
                                UnixSockets.writeAll(peer, Arrays.copyOfRange(got, firstHalf(got), got.length));
                                secondHalfWritten.release();
                            }
                            UnixSockets.awaitEndOfStream(peer);
                        } catch (Exception e) {
                            serverFailure[0] = e;
                            secondHalfWritten.release(rounds);
                        }
                    },
                    "echo-server");
            server.start();
            try (SocketChannel client = UnixSockets.connect(path)) {
                for (int round = 1; round <= rounds; round++) {
                    byte[] sent = message(round);
                    UnixSockets.writeAll(client, sent);
                    byte[] first = UnixSockets.readExactly(client, firstHalf(sent));
                    secondHalfWritten.acquire();
                    byte[] second = UnixSockets.readExactly(client, sent.length - firstHalf(sent));
                    byte[] echoed = Arrays.copyOf(first, sent.length);
                    System.arraycopy(second, 0, echoed, first.length, second.length);
                    if (!Arrays.equals(sent, echoed)) {
                        throw new IllegalStateException("client got a wrong echo in round " + round);
                    }
                    System.out.println("round " + round + " on " + path + " ok");
                }
            }
            server.join();
            if (serverFailure[0] != null) {
                throw serverFailure[0];
            }
        }
    }
}
