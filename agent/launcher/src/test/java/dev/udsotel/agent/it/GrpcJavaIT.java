package dev.udsotel.agent.it;

import static dev.udsotel.agent.it.NettyEpollIT.assertOnlyMarkerSpans;
import static dev.udsotel.agent.it.NettyEpollIT.checksum;
import static dev.udsotel.agent.it.NettyEpollIT.run;
import static dev.udsotel.agent.it.TracedJvm.ARRIVAL;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.agent.it.workload.GrpcWorkload;
import dev.udsotel.testing.ChildJvm;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.ReceivedSpan;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * gRPC-Java (the examples' Greeter client and server) over a Unix socket under the agent, on JDK 17 and 25, in the
 * three ways gRPC-Java meets Netty: grpc-netty on Netty 4.2 (the test class path's) and on Netty 4.1 (the low end of
 * the tested range), and grpc-netty-shaded, whose relocated Netty gets the same advice remapped. One span per call
 * named by method at both ends of one connection, the same bytes as without the agent, and nothing over TCP.
 */
class GrpcJavaIT {
    private static final List<String> METHODS =
            List.of("demo.v1.Greeter/SayHello", "demo.v1.Greeter/Count", "demo.v1.Greeter/Fail");

    /** One way gRPC-Java meets Netty: the workload's argument and the child's class path besides the test classes. */
    enum Flavour {
        GRPC_NETTY_4_2(
                "netty",
                grpcJars(false) + File.pathSeparator + TracedJvm.jarsOf("/io/netty/"),
                "netty-transport-classes-epoll-4.2."),
        GRPC_NETTY_4_1(
                "netty", grpcJars(false) + File.pathSeparator + netty41Jars(), "netty-transport-classes-epoll-4.1."),
        GRPC_NETTY_SHADED("shaded", grpcJars(true), "grpc-netty-shaded-");

        final String argument;
        final String classpath;
        /** How the name of the jar the epoll transport came from begins. */
        final String epollJar;

        Flavour(String argument, String classpath, String epollJar) {
            this.argument = argument;
            this.classpath = classpath;
            this.epollJar = epollJar;
        }
    }

    static Stream<Arguments> flavours() {
        return Stream.of(17, 25)
                .flatMap(jdk -> Arrays.stream(Flavour.values()).map(flavour -> Arguments.of(jdk, flavour)));
    }

    @ParameterizedTest(name = "JDK {0}, {1}")
    @MethodSource("flavours")
    void eachGrpcCallIsOneSpanNamedByItsMethodAtBothEndsWithUnchangedBytes(int jdk, Flavour flavour) {
        Path socket = TracedJvm.socketDirectory().resolve("grpc.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            String traced = runWithAndWithoutAgent(jdk, receiver, flavour, "unix", socket.toString());
            assertTrue(traced.startsWith("hello world\n[item-0, item-1, item-2]\nNOT_FOUND\n"), traced);
            assertTrue(traced.contains("netty epoll from " + flavour.epollJar), traced);
            long pid = Long.parseLong(traced.replaceAll("(?s).*pid (\\d+).*", "$1"));

            List<ReceivedSpan> client = calls(receiver, "CLIENT");
            List<ReceivedSpan> server = calls(receiver, "SERVER");
            for (List<ReceivedSpan> side : List.of(client, server)) {
                assertEquals(METHODS, side.stream().map(ReceivedSpan::name).toList(), ReceivedSpan.describeAll(side));
                for (ReceivedSpan span : side) {
                    String method = span.name().substring(span.name().indexOf('/') + 1);
                    assertAll(
                            span.describe(),
                            () -> assertEquals("grpc", span.stringAttribute("rpc.system")),
                            () -> assertEquals("demo.v1.Greeter", span.stringAttribute("rpc.service")),
                            () -> assertEquals(method, span.stringAttribute("rpc.method")),
                            () -> assertEquals(
                                    method.equals("Fail") ? 5L : 0L, span.longAttribute("rpc.grpc.status_code")),
                            () -> assertEquals("unix", span.stringAttribute("network.transport")),
                            () -> assertEquals(pid, span.longAttribute("uds.peer.pid")),
                            () -> assertTrue(
                                    span.stringAttribute("uds.connection.id").matches("\\d+-\\d+")),
                            () -> assertEquals(
                                    client.get(0).stringAttribute("uds.connection.id"),
                                    span.stringAttribute("uds.connection.id"),
                                    "one connection, both ends"));
                }
                assertEquals(
                        3L,
                        side.get(1).longAttribute("uds.grpc.response.messages"),
                        side.get(1).describe());
            }
            assertEquals(socket.toString(), client.get(0).stringAttribute("server.address"));
            assertEquals(socket.toString(), server.get(0).stringAttribute("network.local.address"));
            assertEquals("ERROR", client.get(2).statusCode(), "NOT_FOUND fails the client's call");
            assertTrue(
                    receiver.spans().stream().noneMatch(s -> s.name().startsWith("UDS ")),
                    "no span for SETTINGS, PING or WINDOW_UPDATE: " + ReceivedSpan.describeAll(receiver.spans()));
        }
    }

    /**
     * A 20000-byte response and its trailers leave in one write and arrive over several reads: the agent captures the
     * HTTP/2 channel frame by frame, so the status in the trailers reaches the span at both ends, beyond the 256 bytes
     * of DATA it copies.
     */
    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void trailersAfterABigResponseGiveTheStatusAtBothEnds(int jdk) {
        Path socket = TracedJvm.socketDirectory().resolve("grpc-big.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            String traced =
                    runWithAndWithoutAgent(jdk, receiver, Flavour.GRPC_NETTY_4_2, "unix", socket.toString(), "big,big");
            assertTrue(traced.startsWith("20000\n20000\n"), traced);
            List<ReceivedSpan> spans =
                    receiver.awaitSpans(s -> "grpc".equals(s.stringAttribute("rpc.system")), 4, ARRIVAL);
            for (ReceivedSpan span : spans) {
                assertAll(
                        span.describe(),
                        () -> assertEquals("demo.v1.Greeter/Repeat", span.name()),
                        () -> assertEquals(0L, span.longAttribute("rpc.grpc.status_code"), "from the trailers"),
                        () -> assertEquals(1L, span.longAttribute("uds.grpc.response.messages")),
                        () -> assertFalse(span.hasAttribute("uds.http2.headers_lost", true)));
            }
        }
    }

    @ParameterizedTest(name = "JDK {0}, {1}")
    @MethodSource("flavours")
    void makesNoSpanForGrpcJavaOverTcpOnEpoll(int jdk, Flavour flavour) {
        Path marker = TracedJvm.socketDirectory().resolve("marker.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            runWithAndWithoutAgent(jdk, receiver, flavour, "tcp", marker.toString());
            assertOnlyMarkerSpans(receiver, marker);
        }
    }

    /** The three calls' spans of one side, in the order they were made. */
    private static List<ReceivedSpan> calls(OtlpReceiver receiver, String kind) {
        return receiver
                .awaitSpans(
                        ReceivedSpan.ofKind(kind).and(s -> "grpc".equals(s.stringAttribute("rpc.system"))),
                        METHODS.size(),
                        ARRIVAL)
                .stream()
                .sorted(Comparator.comparingLong(ReceivedSpan::startEpochNanos))
                .toList();
    }

    /** Runs the workload under the agent and without it; the messages' checksums must match. Answers the traced output. */
    private static String runWithAndWithoutAgent(int jdk, OtlpReceiver receiver, Flavour flavour, String... args) {
        String traced = run(traced(jdk, receiver, flavour, args));
        String untraced = run(untraced(jdk, flavour, args));
        assertEquals(checksum(untraced), checksum(traced), "the same messages with and without the agent");
        return traced;
    }

    private static ChildJvm traced(int jdk, OtlpReceiver receiver, Flavour flavour, String... args) {
        return TracedJvm.withNativeAccess(
                jdk,
                TracedJvm.traced(jdk, receiver, GrpcWorkload.class, workload(flavour, args))
                        .classpath(flavour.classpath));
    }

    private static ChildJvm untraced(int jdk, Flavour flavour, String... args) {
        return TracedJvm.withNativeAccess(
                jdk,
                TracedJvm.untraced(jdk, GrpcWorkload.class, workload(flavour, args))
                        .classpath(flavour.classpath));
    }

    private static String[] workload(Flavour flavour, String... args) {
        return Stream.concat(Stream.of(flavour.argument), Arrays.stream(args)).toArray(String[]::new);
    }

    /** The examples' jar and gRPC's jars with one of its two Netty transports, and what they need but Netty. */
    private static String grpcJars(boolean shaded) {
        return Arrays.stream(TracedJvm.jarsOf("uds-otel-examples", "/io/grpc/", "/com/google/", "/io/perfmark/")
                        .split(File.pathSeparator))
                .filter(jar -> !jar.contains("/grpc-netty") || jar.contains("/grpc-netty-shaded") == shaded)
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String netty41Jars() {
        try (Stream<Path> jars = Files.list(Path.of(System.getProperty("uds.test.netty41", "target/netty-4.1")))) {
            return jars.map(Path::toString).sorted().collect(Collectors.joining(File.pathSeparator));
        } catch (IOException e) {
            throw new UncheckedIOException("the Netty 4.1 jars are copied before the integration tests", e);
        }
    }
}
