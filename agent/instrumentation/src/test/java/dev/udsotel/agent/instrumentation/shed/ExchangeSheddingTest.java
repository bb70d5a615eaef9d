package dev.udsotel.agent.instrumentation.shed;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.agent.instrumentation.config.AgentConfig;
import dev.udsotel.agent.instrumentation.host.PeerIdentities;
import dev.udsotel.agent.instrumentation.record.ApplicationContext;
import dev.udsotel.agent.instrumentation.record.EventQueue;
import dev.udsotel.agent.instrumentation.record.EventRecorder;
import dev.udsotel.core.conversation.CausalOrder;
import dev.udsotel.core.conversation.ConversationListener;
import dev.udsotel.core.conversation.ConversationTracker;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.core.event.Role;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real Unix socket calls reported to the real recorder, its events run through the real tracker: while exchanges
 * are shed, the ones recorded still pair each request with its own response, and every exchange is either exported
 * or counted as shed.
 */
class ExchangeSheddingTest {
    private static final ProcessIdentity PROCESS =
            new ProcessIdentity(ProcessHandle.current().pid(), "java", "test", null);

    private Path dir;
    private SocketChannel client;
    private SocketChannel server;
    private final EventQueue queue = new EventQueue(1 << 16, 1);
    private final ExchangeShedding shedding = new ExchangeShedding();
    private EventRecorder recorder;

    @BeforeEach
    void connect() throws Exception {
        dir = Files.createTempDirectory("uds-shed");
        Path path = dir.resolve("s.sock");
        recorder = new EventRecorder(
                AgentConfig.read("payload.bytes=64", Map.of(), Map.of()),
                PROCESS,
                queue,
                new ApplicationContext(),
                new PeerIdentities(),
                shedding);
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(path));
            client = SocketChannel.open(UnixDomainSocketAddress.of(path));
            server = listener.accept();
        }
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        server.close();
        Files.deleteIfExists(dir.resolve("s.sock"));
        Files.deleteIfExists(dir);
    }

    /** Request i and response i differ in length with i, so a span joining two exchanges shows in its sizes. */
    private static String request(int i) {
        return "req-" + i + "-" + "x".repeat(i % 7);
    }

    private static String response(int i) {
        return "resp-" + i + "-" + "y".repeat(i % 5);
    }

    private void send(SocketChannel channel, String message) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(message.getBytes(StandardCharsets.US_ASCII));
        long start = System.nanoTime();
        int n = channel.write(buffer);
        recorder.onBuffer(channel, true, buffer, n, start);
    }

    private void receive(SocketChannel channel, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer);
            recorder.onBuffer(channel, false, buffer, n, Long.MIN_VALUE);
        }
    }

    private void roundTrip(int i) throws IOException {
        send(client, request(i));
        receive(server, request(i).length());
        send(server, response(i));
        receive(client, response(i).length());
    }

    private List<Exchange> exchanges() {
        List<Exchange> exchanges = new ArrayList<>();
        ConversationTracker tracker = new ConversationTracker(
                new ConversationListener() {
                    @Override
                    public void onHandshake(IoEvent connectOrAccept) {}

                    @Override
                    public void onExchange(Exchange exchange) {
                        exchanges.add(exchange);
                    }
                },
                1_000_000_000L,
                64);
        List<IoEvent> events = new ArrayList<>();
        queue.drainTo(events, Integer.MAX_VALUE);
        CausalOrder order = new CausalOrder(0);
        events.forEach(order::add);
        order.releaseAll(tracker::onEvent);
        tracker.flushAll();
        return exchanges;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static void assertWholeAndPaired(List<Exchange> exchanges) {
        for (Exchange e : exchanges) {
            String request = text(e.request().prefix());
            String response = text(e.response().prefix());
            int i = Integer.parseInt(request.split("-")[1]);
            assertAll(
                    request + " / " + response,
                    () -> assertEquals(request(i), request),
                    () -> assertEquals(response(i), response),
                    () -> assertEquals(request(i).length(), e.request().totalBytes()),
                    () -> assertEquals(response(i).length(), e.response().totalBytes()));
        }
    }

    @Test
    void recordedExchangesPairEachRequestWithItsOwnResponseWhileOthersAreShed() throws IOException {
        int trips = 300;
        for (int i = 0; i < trips; i++) {
            shedding.keepOneIn(i < 100 || i >= 200 ? 1 : 3);
            roundTrip(i);
        }
        List<Exchange> exchanges = exchanges();

        assertWholeAndPaired(exchanges);
        long clientSide = exchanges.stream()
                .filter(e -> e.connection().role() == Role.CLIENT)
                .count();
        long serverSide = exchanges.size() - clientSide;
        assertTrue(shedding.shed() > 0, "nothing shed at one in three");
        assertEquals(
                2L * trips, exchanges.size() + shedding.shed(), "an exchange neither recorded nor counted as shed");
        assertEquals(clientSide, serverSide, "both ends keep one in three of the same calls");
        assertTrue(clientSide >= 200, "the exchanges before and after shedding were all kept: " + clientSide);
    }

    @Test
    void nothingIsShedWhileEveryExchangeIsKept() throws IOException {
        for (int i = 0; i < 50; i++) {
            roundTrip(i);
        }
        List<Exchange> exchanges = exchanges();
        assertWholeAndPaired(exchanges);
        assertEquals(100, exchanges.size());
        assertEquals(0, shedding.shed());
    }

    /**
     * A client that writes on one thread and reads on another: the two threads' calls can reach the tracker in
     * another order than either judged them, so once the second thread shows up the channel sheds no more, and a
     * loss is reported first so nothing shed before can join what follows.
     */
    @Test
    void aChannelUsedByTwoThreadsStopsSheddingAndStillPairsWhatItRecords() throws Exception {
        shedding.keepOneIn(2);
        int trips = 200;
        Semaphore answered = new Semaphore(0);
        Thread reader = new Thread(() -> {
            try {
                for (int i = 0; i < trips; i++) {
                    receive(client, response(i).length());
                    answered.release();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        reader.start();
        for (int i = 0; i < trips; i++) {
            send(client, request(i));
            receive(server, request(i).length());
            send(server, response(i));
            answered.acquire(); // one request in flight, as a client waiting for its answer
        }
        reader.join();
        List<Exchange> clientSide = exchanges().stream()
                .filter(e -> e.connection().role() == Role.CLIENT)
                .toList();

        assertWholeAndPaired(clientSide);
        assertTrue(
                clientSide.size() >= trips - 3, "the shared channel went on shedding: " + clientSide.size() + " kept");
    }
}
