package dev.udsotel.agent.it;

import static dev.udsotel.agent.it.TracedJvm.ARRIVAL;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.agent.it.workload.JnrUnixsocketEchoWorkload;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.ReceivedSpan;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * jnr-unixsocket, whose channels are java.nio SocketChannels that move bytes through jnr-ffi calls of their own: a
 * client writing and reading through its socket's streams, a server through its channel, on JDK 17 and 25. Both ends'
 * exchanges, on one connection id made of the two inodes, and the same bytes as without the agent. (jnr-unixsocket
 * has no TCP.)
 */
class JnrUnixsocketIT {
    private static final String[] JNR = {"/com/github/jnr/", "/org/ow2/asm/"};
    private static final int MESSAGES = 3;

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void tracesBothEndsOfAJnrUnixsocketConnectionWithUnchangedBytes(int jdk) {
        Path socket = TracedJvm.socketDirectory().resolve("jnr.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            String traced = NettyEpollIT.run(
                    NettyEpollIT.traced(jdk, receiver, JnrUnixsocketEchoWorkload.class, JNR, socket.toString()));
            String untraced = NettyEpollIT.run(
                    NettyEpollIT.untraced(jdk, JnrUnixsocketEchoWorkload.class, JNR, socket.toString()));
            assertEquals(
                    NettyEpollIT.checksum(untraced),
                    NettyEpollIT.checksum(traced),
                    "the same bytes with and without the agent");
            long pid = Long.parseLong(traced.replaceAll("(?s).*pid (\\d+).*", "$1"));

            List<ReceivedSpan> spans = receiver.awaitSpans(ReceivedSpan.named("UDS " + socket), 2 * MESSAGES, ARRIVAL);
            List<ReceivedSpan> clients =
                    spans.stream().filter(ReceivedSpan.ofKind("CLIENT")).toList();
            List<ReceivedSpan> servers =
                    spans.stream().filter(ReceivedSpan.ofKind("SERVER")).toList();
            String all = ReceivedSpan.describeAll(receiver.spans());
            assertEquals(MESSAGES, clients.size(), all);
            assertEquals(MESSAGES, servers.size(), all);
            ReceivedSpan client = clients.get(0);
            ReceivedSpan server = servers.get(0);
            long a = client.longAttribute("uds.socket.inode");
            long b = server.longAttribute("uds.socket.inode");
            for (ReceivedSpan span : spans) {
                assertAll(
                        span.describe(),
                        () -> assertTrue(a > 0 && b > 0 && a != b),
                        () -> assertEquals(
                                Math.min(a, b) + "-" + Math.max(a, b), span.stringAttribute("uds.connection.id")),
                        () -> assertEquals("unix", span.stringAttribute("network.transport")),
                        () -> assertEquals(pid, span.longAttribute("uds.peer.pid")),
                        () -> assertEquals(9L, span.longAttribute("uds.request.bytes")),
                        () -> assertEquals(9L, span.longAttribute("uds.response.bytes")));
            }
            assertEquals(socket.toString(), client.stringAttribute("server.address"));
            assertEquals(socket.toString(), server.stringAttribute("network.local.address"));
            receiver.awaitSpans(ReceivedSpan.named("connect " + socket), 1, ARRIVAL);
            receiver.awaitSpans(ReceivedSpan.named("accept " + socket), 1, ARRIVAL);
        }
    }
}
