package dev.udsotel.agent.it.workload;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A JVM to attach the agent to: it opens one Unix socket connection to itself at start, then does one round trip
 * on that same connection per line read from stdin ({@code round <n>}), until stdin closes. A single thread drives
 * both ends, so no thread sits inside a channel call while the agent is attached.
 *
 * <p>Usage: {@code AttachTargetWorkload <socket-path>}.
 */
public final class AttachTargetWorkload {
    public static byte[] message(int round) {
        return ("attach round " + round + " request").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    public static byte[] reply(int round) {
        return ("attach round " + round + " reply").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        try (ServerSocketChannel listener = UnixSockets.listen(path);
                SocketChannel client = UnixSockets.connect(path);
                SocketChannel server = listener.accept()) {
            System.out.println("pid " + ProcessHandle.current().pid() + " connected");
            BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in));
            for (String line; (line = stdin.readLine()) != null; ) {
                int round = Integer.parseInt(line.trim().substring("round ".length()));
                UnixSockets.writeAll(client, message(round));
                byte[] request = UnixSockets.readExactly(server, message(round).length);
                UnixSockets.writeAll(server, reply(round));
                byte[] answer = UnixSockets.readExactly(client, reply(round).length);
                if (!Arrays.equals(request, message(round)) || !Arrays.equals(answer, reply(round))) {
                    throw new IllegalStateException("round " + round + " moved the wrong bytes");
                }
                System.out.println("round " + round + " done");
            }
        }
        System.out.println("done");
    }
}
