package dev.udsotel.agent.instrumentation.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.agent.instrumentation.config.AgentConfig;
import dev.udsotel.agent.instrumentation.host.PeerIdentities;
import dev.udsotel.core.conversation.CausalOrder;
import dev.udsotel.core.conversation.ConversationListener;
import dev.udsotel.core.conversation.ConversationTracker;
import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.protocol.http2.FrameCapture;
import dev.udsotel.core.protocol.http2.Http2Call;
import dev.udsotel.core.protocol.http2.Http2CallDecoder;
import dev.udsotel.core.redaction.Redaction;
import io.opentelemetry.api.common.AttributeKey;
import java.io.ByteArrayOutputStream;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 bytes written and read on a real Unix socket, each call reported to the real recorder, its events run
 * through the real tracker: a channel that began with the preface is captured frame by frame, across reads that cut
 * frames anywhere, so trailers after a big DATA frame still give the status; a header frame over the bound is
 * counted and names nothing wrongly.
 */
class Http2FrameCaptureTest {
    private static final ProcessIdentity PROCESS =
            new ProcessIdentity(ProcessHandle.current().pid(), "java", "test", null);
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final AttributeKey<Long> GRPC_STATUS = AttributeKey.longKey("rpc.grpc.status_code");

    private Path dir;
    private SocketChannel client;
    private SocketChannel server;
    private final EventQueue queue = new EventQueue(1 << 16, 1);
    private final CutHeaderFrames cut = new CutHeaderFrames();
    private EventRecorder recorder;

    @BeforeEach
    void connect() throws Exception {
        dir = Files.createTempDirectory("uds-h2");
        Path path = dir.resolve("h2.sock");
        recorder = new EventRecorder(
                AgentConfig.defaults(),
                PROCESS,
                queue,
                new ApplicationContext(),
                new PeerIdentities(),
                new dev.udsotel.agent.instrumentation.shed.ExchangeShedding(),
                cut);
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
        Files.deleteIfExists(dir.resolve("h2.sock"));
        Files.deleteIfExists(dir);
    }

    @Test
    void trailersAfterABigDataFrameInOneWriteGiveTheStatusWhateverTheReads() throws IOException {
        byte[] request = concat(PREFACE, frame(0x4, 0, 0, new byte[0]), frame(0x1, 0x5, 1, request("/pkg.Svc/Big")));
        byte[] response = concat(
                frame(0x1, 0x4, 1, new byte[] {(byte) 0x88}),
                frame(0x0, 0, 1, new byte[12_000]),
                frame(0x1, 0x5, 1, literal("grpc-status", "7")));

        send(client, request);
        receive(server, request.length, 31); // the first read holds the preface, later ones cut frames anywhere
        send(server, response);
        receive(client, response.length, 4096);

        List<Http2Call> calls = calls();
        assertEquals(2, calls.size(), "the call at both ends");
        for (Http2Call call : calls) {
            DecodedExchange decoded =
                    Http2CallDecoder.decode(call, call.connection().role(), Redaction.DEFAULT);
            assertEquals("pkg.Svc/Big", decoded.spanName(), decoded.attributes().toString());
            assertEquals(7L, decoded.attributes().get(GRPC_STATUS), "from the trailers");
            assertEquals(12_000L, call.responseBytes());
            assertTrue(!call.headerBlocksLost(), "every header block whole");
        }
        assertEquals(0, cut.count());
    }

    @Test
    void aHeaderFrameOverTheBoundIsCountedAndTheNextCallIsNotNamedWrongly() throws IOException {
        byte[] big = "y".repeat(FrameCapture.HEADER_FRAME_BOUND + 3_000).getBytes(StandardCharsets.US_ASCII);
        byte[] first = concat(request("/pkg.Svc/A", true), indexedLiteral("x-big", big));
        byte[] second = concat(new byte[] {(byte) 0x83, (byte) 0x86, (byte) 0xbf}, contentType());
        byte[] requests = concat(PREFACE, frame(0x1, 0x5, 1, first), frame(0x1, 0x5, 3, second));
        byte[] ok = concat(new byte[] {(byte) 0x88}, literal("grpc-status", "0"));
        byte[] responses = concat(frame(0x1, 0x5, 1, ok), frame(0x1, 0x5, 3, ok));

        send(client, requests);
        receive(server, requests.length, 5000);
        send(server, responses);
        receive(client, responses.length, 4096);

        assertEquals(2, cut.count(), "the big frame, once written and once read");
        List<Http2Call> calls = calls();
        for (Http2Call call : calls) {
            DecodedExchange decoded =
                    Http2CallDecoder.decode(call, call.connection().role(), Redaction.DEFAULT);
            if (call.streamId() == 1) {
                assertEquals("pkg.Svc/A", decoded.spanName(), "a literal captured before the cut");
            } else {
                assertNull(decoded.spanName(), ":path is a table entry the cut block left unknown: no guess");
            }
            assertTrue(call.headerBlocksLost());
        }
        assertEquals(4, calls.size());
    }

    private void send(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            long start = System.nanoTime();
            int n = channel.write(buffer);
            recorder.onBuffer(channel, true, buffer, n, start);
        }
    }

    /** Reads {@code length} bytes in reads of at most {@code chunk}, which cut frames anywhere. */
    private void receive(SocketChannel channel, int length, int chunk) throws IOException {
        int left = length;
        while (left > 0) {
            ByteBuffer buffer = ByteBuffer.allocate(Math.min(chunk, left));
            int n = channel.read(buffer);
            recorder.onBuffer(channel, false, buffer, n, Long.MIN_VALUE);
            left -= n;
        }
    }

    private List<Http2Call> calls() {
        List<Http2Call> calls = new ArrayList<>();
        ConversationTracker tracker = new ConversationTracker(
                new ConversationListener() {
                    @Override
                    public void onHandshake(IoEvent connectOrAccept) {}

                    @Override
                    public void onExchange(Exchange exchange) {
                        throw new AssertionError("an HTTP/2 connection makes calls, not exchanges: " + exchange);
                    }

                    @Override
                    public void onHttp2Call(Http2Call call) {
                        calls.add(call);
                    }
                },
                1_000_000_000L,
                256);
        List<IoEvent> events = new ArrayList<>();
        queue.drainTo(events, Integer.MAX_VALUE);
        CausalOrder order = new CausalOrder(0);
        events.forEach(order::add);
        order.releaseAll(tracker::onEvent);
        tracker.flushAll();
        assertTrue(events.stream().anyMatch(e -> e.pieces().count() > 0), "some call was captured in pieces");
        return calls;
    }

    private static byte[] frame(int type, int flags, int stream, byte[] payload) {
        byte[] f = new byte[9 + payload.length];
        f[0] = (byte) (payload.length >>> 16);
        f[1] = (byte) (payload.length >>> 8);
        f[2] = (byte) payload.length;
        f[3] = (byte) type;
        f[4] = (byte) flags;
        f[5] = (byte) (stream >>> 24);
        f[6] = (byte) (stream >>> 16);
        f[7] = (byte) (stream >>> 8);
        f[8] = (byte) stream;
        System.arraycopy(payload, 0, f, 9, payload.length);
        return f;
    }

    /** POST, http, a literal :path (not indexed), gRPC's content type. */
    private static byte[] request(String path) {
        return request(path, false);
    }

    /** POST, http, a literal :path ({@code indexed}: added to the dynamic table), gRPC's content type. */
    private static byte[] request(String path, boolean indexed) {
        byte[] p = path.getBytes(StandardCharsets.US_ASCII);
        return concat(
                new byte[] {(byte) 0x83, (byte) 0x86, (byte) (indexed ? 0x44 : 0x04), (byte) p.length},
                p,
                contentType());
    }

    private static byte[] contentType() {
        byte[] v = "application/grpc".getBytes(StandardCharsets.US_ASCII);
        return concat(new byte[] {0x0f, 0x10, (byte) v.length}, v);
    }

    private static byte[] literal(String name, String value) {
        return concat(new byte[] {0x00}, string(name.getBytes(StandardCharsets.US_ASCII)), string(value.getBytes()));
    }

    private static byte[] indexedLiteral(String name, byte[] value) {
        return concat(new byte[] {0x40}, string(name.getBytes(StandardCharsets.US_ASCII)), string(value));
    }

    /** A raw HPACK string with its 7-bit prefix length. */
    private static byte[] string(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int length = bytes.length;
        if (length < 127) {
            out.write(length);
        } else {
            out.write(127);
            length -= 127;
            while (length >= 128) {
                out.write((length & 0x7f) | 0x80);
                length >>>= 7;
            }
            out.write(length);
        }
        out.writeBytes(bytes);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
