package dev.udsotel.agent.it.workload;

import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many small request/response exchanges as fast as possible from several threads, each on its own connection to an
 * echo server in the same JVM, in rounds; after each round the used heap (after {@code System.gc()}) is printed.
 * Then, optionally, a quiet phase: a few exchanges, spaced out, on a socket of their own.
 *
 * <p>Usage: {@code ExchangeStormWorkload <dir> <threads> <exchanges> <rounds> <quiet-exchanges>}. Prints
 * {@code heap <label> <bytes>} lines, one {@code connection <i> sent <sha256> received <sha256>} line per
 * connection, {@code exchanges <n> mismatches <m>}, then {@code done}. Burst connections are on
 * {@code <dir>/burst-<i>.sock}, the quiet phase on {@code <dir>/quiet.sock}.
 */
public final class ExchangeStormWorkload {
    private static final int MESSAGE_BYTES = 64;
    /** Lets the agent's worker and the SDK catch up on the burst, so the quiet phase starts from a settled state. */
    private static final long SETTLE_MILLIS = 1000;

    private static final long QUIET_PAUSE_MILLIS = 20;

    private static final AtomicLong exchanged = new AtomicLong();
    private static final AtomicLong mismatches = new AtomicLong();

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        long exchanges = Long.parseLong(args[2]);
        int rounds = Integer.parseInt(args[3]);
        int quiet = Integer.parseInt(args[4]);
        System.out.println("pid " + ProcessHandle.current().pid());
        printHeap("start");

        List<EchoPair> pairs = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            pairs.add(EchoPair.open(dir.resolve("burst-" + i + ".sock")));
        }
        long perThreadAndRound = exchanges / threads / rounds;
        for (int round = 1; round <= rounds; round++) {
            List<Thread> clients = new ArrayList<>();
            for (EchoPair pair : pairs) {
                Thread client = new Thread(() -> pair.exchange(perThreadAndRound, 0), "burst-client");
                client.start();
                clients.add(client);
            }
            for (Thread client : clients) {
                client.join();
            }
            printHeap(round == rounds ? "burst-end" : "round-" + round);
        }
        for (int i = 0; i < pairs.size(); i++) {
            System.out.println("connection " + i + " " + pairs.get(i).closeAndCompare());
        }

        if (quiet > 0) {
            Thread.sleep(SETTLE_MILLIS);
            EchoPair pair = EchoPair.open(dir.resolve("quiet.sock"));
            pair.exchange(quiet, QUIET_PAUSE_MILLIS);
            System.out.println("quiet " + pair.closeAndCompare());
            printHeap("quiet-end");
        }
        System.out.println("exchanges " + exchanged.get() + " mismatches " + mismatches.get());
        System.out.println("done");
    }

    private static void printHeap(String label) {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        System.gc();
        System.out.println("heap " + label + " " + (runtime.totalMemory() - runtime.freeMemory()));
    }

    /** One client connection and the server thread echoing every message back on it. */
    private static final class EchoPair {
        private final SocketChannel client;
        private final Thread server;
        private final MessageDigest sent = sha256();
        private final MessageDigest[] received = {null};
        private final Exception[] serverFailure = {null};
        private long sequence;

        private EchoPair(SocketChannel client, Thread server) {
            this.client = client;
            this.server = server;
        }

        static EchoPair open(Path path) throws Exception {
            ServerSocketChannel listener = UnixSockets.listen(path);
            SocketChannel client = UnixSockets.connect(path);
            SocketChannel peer = listener.accept();
            listener.close();
            EchoPair[] self = new EchoPair[1];
            Thread server = new Thread(() -> self[0].echo(peer), "echo-" + path.getFileName());
            self[0] = new EchoPair(client, server);
            server.start();
            return self[0];
        }

        private void echo(SocketChannel peer) {
            MessageDigest digest = sha256();
            try (peer) {
                while (true) {
                    byte[] message;
                    try {
                        message = UnixSockets.readExactly(peer, MESSAGE_BYTES);
                    } catch (java.io.IOException endOfStream) {
                        break;
                    }
                    digest.update(message);
                    UnixSockets.writeAll(peer, message);
                }
            } catch (Exception e) {
                serverFailure[0] = e;
            }
            received[0] = digest;
        }

        void exchange(long count, long pauseMillis) {
            try {
                for (long i = 0; i < count; i++) {
                    byte[] message = message(sequence++);
                    sent.update(message);
                    UnixSockets.writeAll(client, message);
                    if (!Arrays.equals(message, UnixSockets.readExactly(client, MESSAGE_BYTES))) {
                        mismatches.incrementAndGet();
                    }
                    exchanged.incrementAndGet();
                    if (pauseMillis > 0) {
                        Thread.sleep(pauseMillis);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private byte[] message(long n) {
            String text = String.format("uds-it storm %s message %019d ", client.hashCode(), n);
            return Arrays.copyOf(text.getBytes(StandardCharsets.US_ASCII), MESSAGE_BYTES);
        }

        String closeAndCompare() throws Exception {
            client.close();
            server.join();
            if (serverFailure[0] != null) {
                throw serverFailure[0];
            }
            HexFormat hex = HexFormat.of();
            return "sent " + hex.formatHex(sent.digest()) + " received " + hex.formatHex(received[0].digest());
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
