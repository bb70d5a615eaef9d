package dev.udsotel.agent.it;

import static dev.udsotel.agent.it.NettyEpollIT.checksum;
import static dev.udsotel.agent.it.NettyEpollIT.traced;
import static dev.udsotel.agent.it.NettyEpollIT.untraced;
import static dev.udsotel.agent.it.TracedJvm.ARRIVAL;
import static dev.udsotel.agent.it.TracedJvm.WAIT;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.agent.it.workload.NettyConnectFailureWorkload;
import dev.udsotel.agent.it.workload.NettyHttpWorkload;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.ReceivedSpan;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Netty's io_uring transport, whose reads and writes complete in the kernel's ring: a Netty HTTP client and server on
 * JDK 17 and 25, with the build's Netty (4.2.18, the highest whose native library is at hand) and the lowest with
 * io_uring domain sockets (4.2.2, from a directory of its jars). The same spans as epoll's, the same bytes as without
 * the agent, nothing over TCP, a connect that fails in the ring recorded as failed (as epoll's, which fails at once);
 * and the version before (4.2.1) is named in one line and left alone.
 */
class NettyIoUringIT {
    private static final String[] NETTY = {"/io/netty/"};

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void tracesANettyIoUringHttpClientAndServerAsOneConnectionWithUnchangedBytes(int jdk) {
        NettyEpollIT.tracesNettyHttpAsOneConnectionWithUnchangedBytes(jdk, TracedJvm.jarsOf(NETTY), "io_uring");
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void makesNoSpanForNettyIoUringOverTcp(int jdk) {
        NettyEpollIT.makesNoSpanForNettyOverTcp(jdk, TracedJvm.jarsOf(NETTY), "io_uring");
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void tracesTheLowestNettyWithIoUringDomainSockets(int jdk) {
        NettyEpollIT.tracesNettyHttpAsOneConnectionWithUnchangedBytes(
                jdk, OtherVersions.classpath("netty-io_uring-lowest"), "io_uring");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"io_uring", "epoll"})
    void recordsAFailedConnectAsAConnectSpanWithItsError(String transport) {
        Path nowhere = TracedJvm.socketDirectory().resolve("nobody-listens.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            String output = NettyEpollIT.run(traced(
                    25,
                    receiver,
                    NettyConnectFailureWorkload.class,
                    TracedJvm.jarsOf(NETTY),
                    transport,
                    nowhere.toString()));
            assertTrue(output.contains("connect failed: "), output);
            ReceivedSpan connect = receiver.awaitSpans(ReceivedSpan.named("connect " + nowhere), 1, ARRIVAL)
                    .get(0);
            assertAll(
                    connect.describe(),
                    () -> assertEquals("CLIENT", connect.kind()),
                    () -> assertNotNull(connect.attribute("error.type")));
        }
    }

    @Test
    void namesANettyWithoutIoUringDomainSocketsInOneLineAndLeavesItAlone() {
        int jdk = 25;
        String version = OtherVersions.version("netty-io_uring.too-old");
        String classpath = OtherVersions.classpath("netty-io_uring-too-old");
        Path marker = TracedJvm.socketDirectory().resolve("marker.sock");
        String[] args = {"tcp", marker.toString(), "3", "io_uring"};
        try (OtlpReceiver receiver = OtlpReceiver.start();
                ChildProcess traced = traced(jdk, receiver, NettyHttpWorkload.class, classpath, args)
                        .start()) {
            assertEquals(0, traced.waitFor(WAIT), traced.output());
            String untraced = NettyEpollIT.run(untraced(jdk, NettyHttpWorkload.class, classpath, args));
            assertEquals(checksum(untraced), checksum(traced.stdout()), "the same bytes with and without the agent");
            OtherVersions.assertOneLine(
                    traced,
                    "[uds-agent] Netty io_uring (netty-transport-classes-io_uring-" + version
                            + ".jar) lacks IoUringServerDomainSocketChannel.newChildChannel(int, ByteBuffer), which the agent expects;"
                            + " its Unix sockets are not traced");
            NettyEpollIT.assertOnlyMarkerSpans(receiver, marker);
        }
    }
}
