package dev.udsotel.agent.it.workload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The ways an application's channel calls fail: a channel closed by another thread while a read or write blocks
 * (AsynchronousCloseException), a thread interrupted while blocked (ClosedByInterruptException), calls on a closed
 * or half-closed channel, a peer that went away, and arguments the channel rejects. Each scenario prints one line
 * with what the application saw (exception class, message, channel state, interrupt flag, what the peer saw), so a
 * run with the agent can be compared line by line with a run without it.
 *
 * <p>Usage: {@code HostFaultsWorkload <dir>}. Prints one line per scenario, then {@code done}.
 */
public final class HostFaultsWorkload {
    private interface Call {
        Object run() throws Exception;
    }

    private interface Scenario {
        String run(SocketChannel client, SocketChannel server) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        List<String> names = new ArrayList<>(List.of(
                "close-during-read",
                "close-during-write",
                "interrupt-during-read",
                "interrupt-during-write",
                "read-after-close",
                "write-after-close",
                "gather-after-close",
                "write-after-shutdown-output",
                "read-after-shutdown-input",
                "read-after-peer-close",
                "write-after-peer-close",
                "read-into-read-only",
                "read-into-null",
                "gather-bad-offset",
                "nonblocking-read-nothing",
                "connect-to-missing-socket"));
        if (Runtime.version().feature() >= 21) {
            names.add("virtual-interrupt-during-read");
            names.add("virtual-close-during-read");
        }
        for (String name : names) {
            System.out.println(name + ": " + run(dir, name));
        }
        System.out.println("done");
    }

    private static String run(Path dir, String name) throws Exception {
        Path path = dir.resolve(name + ".sock");
        if (name.equals("connect-to-missing-socket")) {
            return outcome(() -> UnixSockets.connect(dir.resolve("nobody-listens.sock")));
        }
        try (ServerSocketChannel listener = UnixSockets.listen(path);
                SocketChannel client = UnixSockets.connect(path);
                SocketChannel server = listener.accept()) {
            return scenario(name).run(client, server);
        }
    }

    private static Scenario scenario(String name) {
        switch (name) {
            case "close-during-read":
                return (client, server) ->
                        blocked(false, client, server, () -> client.read(ByteBuffer.allocate(64)), closing(client));
            case "close-during-write":
                return (client, server) -> blocked(false, client, server, () -> blockInWrite(client), closing(client));
            case "interrupt-during-read":
                return (client, server) ->
                        blocked(false, client, server, () -> client.read(ByteBuffer.allocate(64)), null);
            case "interrupt-during-write":
                return (client, server) -> blocked(false, client, server, () -> blockInWrite(client), null);
            case "virtual-interrupt-during-read":
                return (client, server) ->
                        blocked(true, client, server, () -> client.read(ByteBuffer.allocate(64)), null);
            case "virtual-close-during-read":
                return (client, server) ->
                        blocked(true, client, server, () -> client.read(ByteBuffer.allocate(64)), closing(client));
            case "read-after-close":
                return (client, server) -> {
                    client.close();
                    return outcome(() -> client.read(ByteBuffer.allocate(8))) + "; peer " + peerSees(server);
                };
            case "write-after-close":
                return (client, server) -> {
                    client.close();
                    return outcome(() -> client.write(ByteBuffer.wrap(bytes("late")))) + "; peer " + peerSees(server);
                };
            case "gather-after-close":
                return (client, server) -> {
                    client.close();
                    return outcome(() ->
                            client.write(new ByteBuffer[] {ByteBuffer.wrap(bytes("a")), ByteBuffer.allocateDirect(4)}));
                };
            case "write-after-shutdown-output":
                return (client, server) -> {
                    client.shutdownOutput();
                    return outcome(() -> client.write(ByteBuffer.wrap(bytes("after shutdown")))) + "; peer "
                            + peerSees(server) + "; open " + client.isOpen();
                };
            case "read-after-shutdown-input":
                return (client, server) -> {
                    client.shutdownInput();
                    return outcome(() -> client.read(ByteBuffer.allocate(8))) + "; open " + client.isOpen();
                };
            case "read-after-peer-close":
                return (client, server) -> {
                    UnixSockets.writeAll(server, bytes("last words"));
                    server.close();
                    return "first " + outcome(() -> new String(UnixSockets.readExactly(client, 10), "US-ASCII"))
                            + "; then " + outcome(() -> client.read(ByteBuffer.allocate(8)));
                };
            case "write-after-peer-close":
                return (client, server) -> {
                    server.close();
                    return outcome(() -> {
                                // the first write may still land in the socket buffer; a later one finds the peer gone
                                for (int i = 0; i < 1000; i++) {
                                    client.write(ByteBuffer.wrap(bytes("into the void")));
                                }
                                return "all written";
                            })
                            + "; open " + client.isOpen();
                };
            case "read-into-read-only":
                return (client, server) ->
                        outcome(() -> client.read(ByteBuffer.allocate(8).asReadOnlyBuffer())) + "; open "
                                + client.isOpen();
            case "read-into-null":
                return (client, server) -> outcome(() -> client.read((ByteBuffer) null)) + "; open " + client.isOpen();
            case "gather-bad-offset":
                return (client, server) ->
                        outcome(() -> client.write(new ByteBuffer[] {ByteBuffer.wrap(bytes("x"))}, 2, 1)) + "; open "
                                + client.isOpen() + "; peer " + afterOneMore(client, server);
            case "nonblocking-read-nothing":
                return (client, server) -> {
                    client.configureBlocking(false);
                    return outcome(() -> client.read(ByteBuffer.allocate(8))) + "; then "
                            + afterOneMoreNonBlocking(client, server);
                };
            default:
                throw new IllegalArgumentException(name);
        }
    }

    /**
     * Starts {@code call} on its own thread, waits until that thread is blocked inside the channel, then either
     * runs {@code closer} from this thread or, when it is null, interrupts the blocked thread.
     */
    private static String blocked(boolean virtual, SocketChannel client, SocketChannel server, Call call, Call closer)
            throws Exception {
        String[] seen = new String[1];
        Runnable body = () -> {
            String outcome = outcome(call);
            seen[0] = outcome + "; interrupted " + Thread.currentThread().isInterrupted();
        };
        Thread thread = virtual ? Sides.startVirtual(body) : new Thread(body, "blocked-call");
        if (!virtual) {
            thread.start();
        }
        awaitBlockedInChannel(thread);
        if (closer == null) {
            thread.interrupt();
        } else {
            closer.run();
        }
        thread.join();
        return seen[0] + "; open " + client.isOpen() + "; peer " + peerSees(server);
    }

    /** The blocked thread's stack, read until it shows the thread inside the channel, parked or in the system call. */
    private static void awaitBlockedInChannel(Thread thread) throws InterruptedException {
        while (true) {
            StackTraceElement[] stack = thread.getStackTrace();
            boolean inChannel =
                    Arrays.stream(stack).anyMatch(f -> f.getClassName().equals("sun.nio.ch.SocketChannelImpl"));
            boolean waiting = stack.length > 0
                    && (stack[0].isNativeMethod()
                            || Arrays.stream(stack)
                                    .anyMatch(f -> f.getMethodName().startsWith("park")));
            if (inChannel && waiting && thread.getState() != Thread.State.NEW) {
                // the native frame can be the poll before the read; a blocked call stays blocked, so look twice
                Thread.sleep(20);
                StackTraceElement[] again = thread.getStackTrace();
                if (again.length > 0 && Arrays.equals(stack, again)) {
                    return;
                }
            } else {
                Thread.sleep(5);
            }
        }
    }

    private static Call closing(SocketChannel channel) {
        return () -> {
            channel.close();
            return null;
        };
    }

    /**
     * Fills the socket buffer without blocking, then blocks in a one-byte write: that write has sent nothing when it
     * is cut short, so it throws rather than returning a partial count.
     */
    private static Object blockInWrite(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
        do {
            chunk.clear();
        } while (channel.write(chunk) > 0);
        channel.configureBlocking(true);
        return channel.write(ByteBuffer.allocate(1));
    }

    /**
     * What the other end reads: the bytes it can get, then the end of the stream. The kernel releases a closed
     * channel's socket a moment after the failed call returns, so an empty read is only believed after a grace period.
     */
    private static String peerSees(SocketChannel peer) throws IOException {
        peer.configureBlocking(false);
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        long total = 0;
        long giveUp = System.nanoTime() + 3_000_000_000L;
        while (true) {
            buffer.clear();
            int n;
            try {
                n = peer.read(buffer);
            } catch (IOException e) {
                return "error " + e.getClass().getName();
            }
            if (n < 0) {
                return total > 0 ? "some bytes then end of stream" : "end of stream";
            }
            if (n == 0) {
                if (System.nanoTime() < giveUp) {
                    LockSupport.parkNanos(10_000_000L);
                    continue;
                }
                return total > 0 ? "some bytes, still open" : "nothing, still open";
            }
            total += n;
        }
    }

    /** The channel still works after a rejected call: one more message goes through. */
    private static String afterOneMore(SocketChannel client, SocketChannel server) throws IOException {
        UnixSockets.writeAll(client, bytes("still works"));
        return new String(UnixSockets.readExactly(server, 11), "US-ASCII");
    }

    private static String afterOneMoreNonBlocking(SocketChannel client, SocketChannel server) throws IOException {
        UnixSockets.writeAll(server, bytes("now"));
        ByteBuffer buffer = ByteBuffer.allocate(3);
        while (buffer.hasRemaining()) {
            client.read(buffer);
        }
        return new String(buffer.array(), "US-ASCII");
    }

    private static String outcome(Call call) {
        try {
            return "returned " + call.run();
        } catch (Exception | Error e) {
            return "threw " + e.getClass().getName() + (e.getMessage() == null ? "" : " '" + e.getMessage() + "'");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
