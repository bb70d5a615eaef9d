package dev.udsotel.bench;

import dev.udsotel.agent.instrumentation.config.AgentConfig;
import dev.udsotel.agent.instrumentation.host.PeerIdentities;
import dev.udsotel.agent.instrumentation.record.ApplicationContext;
import dev.udsotel.agent.instrumentation.record.EventQueue;
import dev.udsotel.agent.instrumentation.record.EventRecorder;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.ProcessIdentity;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 * What the advice adds to one socket call, without the call: the agent's recorder, as the advice calls it after a
 * write and a read of 256 bytes on a real connected Unix channel, with its queue drained by a thread of its own, as the export
 * thread does. The socket calls themselves (about 2 µs each here, with a spread between
 * runs larger than the recorder's cost) are left out, so the figure is the hot path's alone. One operation is one
 * call. Needs the agent's java.base classes: {@code --patch-module java.base=agent/bootstrap/target/classes}.
 *
 * <p>{@code options}: the agent options the recorder runs with; {@code queue.size=16} with no drain is the cost of
 * a call whose event is dropped at the door.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecorderCostBenchmark {
    private static final int BYTES = 256;

    @Param({"defaults", "payload.bytes=0", "queue.size=16"})
    public String options;

    private Path dir;
    private SocketChannel client;
    private SocketChannel server;
    private EventRecorder recorder;
    private EventQueue queue;
    private Thread drain;
    private volatile boolean running;
    private final ByteBuffer request = ByteBuffer.allocate(BYTES);
    private final ByteBuffer response = ByteBuffer.allocateDirect(BYTES);

    @Setup(Level.Trial)
    public void start() throws Exception {
        dir = Files.createTempDirectory("uds-recorder-cost");
        Path path = dir.resolve("s.sock");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(path));
            client = SocketChannel.open(UnixDomainSocketAddress.of(path));
            server = listener.accept();
        }
        boolean dropped = options.startsWith("queue.size=");
        AgentConfig config = AgentConfig.read(options.equals("defaults") ? "" : options, Map.of(), Map.of());
        queue = new EventQueue(config.queueSize());
        PeerIdentities peers = new PeerIdentities();
        recorder = new EventRecorder(
                config,
                new ProcessIdentity(ProcessHandle.current().pid(), "java", "bench", null),
                queue,
                new ApplicationContext(),
                peers);
        running = !dropped;
        drain = new Thread(() -> drain(queue), "drain");
        drain.setDaemon(true);
        drain.start();
        for (int i = 0; i < BYTES; i++) {
            request.put(i, (byte) ('a' + i % 26));
            response.put(i, (byte) ('A' + i % 26));
        }
        request.position(BYTES); // as a write and a read leave them: the call's bytes lie before the position
        response.position(BYTES);
    }

    private void drain(EventQueue queue) {
        List<IoEvent> events = new ArrayList<>(4096);
        while (running) {
            if (queue.drainTo(events, 4096) < 4096) {
                LockSupport.parkNanos(100_000);
            }
            events.clear();
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException, InterruptedException {
        running = false;
        drain.join();
        System.out.printf("%n[%s: %d of %d events dropped at the queue]%n", options, queue.dropped(), queue.offered());
        client.close();
        server.close();
        Files.deleteIfExists(dir.resolve("s.sock"));
        Files.deleteIfExists(dir);
    }

    /** A client's request written and its response read, as the advice reports them: two calls. */
    @Benchmark
    @OperationsPerInvocation(2)
    public void writeThenRead() {
        long start = System.nanoTime(); // the write advice's enter
        recorder.onBuffer(client, true, request, BYTES, start);
        recorder.onBuffer(client, false, response, BYTES, Long.MIN_VALUE);
    }
}
