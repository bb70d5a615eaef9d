package dev.udsotel.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of one instrumented socket call on the application's thread: a ping-pong over one Unix socket connection
 * driven by a single thread (client write, server read, server write, client read: four calls, never blocking, since
 * each message fits the socket buffer), so no thread hand-off or wake-up is measured, only the calls. Run once without
 * the agent and once with {@code -jvmArgsAppend -javaagent:...}: the difference per operation is the advice's cost per
 * call ({@code bench/advice-cost} does both, alternating). One JMH operation is one call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AdviceCostBenchmark {
    @Param("256")
    public int bytes;

    private Path socket;
    private ServerSocketChannel listener;
    private SocketChannel client;
    private SocketChannel server;
    private ByteBuffer request;
    private ByteBuffer serverIn;
    private ByteBuffer response;
    private ByteBuffer clientIn;

    @Setup(Level.Trial)
    public void connect() throws IOException {
        socket = Files.createTempDirectory("uds-advice-cost").resolve("s.sock");
        listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket));
        client = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        server = listener.accept();
        request = filled(bytes, 'q');
        response = filled(bytes, 'r');
        serverIn = ByteBuffer.allocateDirect(bytes);
        clientIn = ByteBuffer.allocateDirect(bytes);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        client.close();
        server.close();
        listener.close();
        Files.deleteIfExists(socket);
        Files.deleteIfExists(socket.getParent());
    }

    @Benchmark
    @OperationsPerInvocation(4)
    public int roundTrip() throws IOException {
        request.clear();
        client.write(request);
        serverIn.clear();
        int got = server.read(serverIn);
        response.clear();
        server.write(response);
        clientIn.clear();
        return got + client.read(clientIn);
    }

    private static ByteBuffer filled(int size, char c) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            buffer.put(i, (byte) c);
        }
        return buffer;
    }
}
