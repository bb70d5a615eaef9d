package dev.udsotel.sidecar.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.testing.ChildJvm;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.ReceivedSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java peer of issue 11's sidecar trio (C-core is {@link GrpcCaptureTest}): the examples' gRPC-Java server and
 * client (grpc-netty on Netty epoll, no agent) on a Unix socket, seen by the real uds-trace. Each call is one span
 * named after its method, with its status, at both ends.
 */
@ExtendWith(CapturesInTestCgroup.class)
class GrpcJavaCaptureTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String CLASSPATH =
            ChildJvm.jarsOf("uds-otel-examples", "/io/grpc/", "/io/netty/", "/com/google/", "/io/perfmark/");
    private static final List<String> METHODS =
            List.of("demo.v1.Greeter/SayHello", "demo.v1.Greeter/Count", "demo.v1.Greeter/Fail");

    @TempDir
    Path dir;

    @Test
    void eachGrpcJavaCallIsOneSpanWithItsMethodAndStatusAtBothEnds() throws Exception {
        Path socket = dir.resolve("grpc.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start();
                UdsTraceProcess cli = UdsTraceProcess.capturingInto(
                        receiver, dir, TestCgroup.confined("-q", "--path", socket.toString()));
                ChildProcess server = java("GrpcUdsServer", socket.toString()).start()) {
            server.awaitOutput("listening on", WAIT);
            try (ChildProcess client = java("GrpcUdsClient", socket.toString()).start()) {
                assertEquals(0, client.waitFor(WAIT), client.output());
                assertTrue(
                        client.stdout().startsWith("hello world\n[item-0, item-1, item-2]\nNOT_FOUND\n"),
                        client.output());
            }
            List<ReceivedSpan> calls =
                    receiver.awaitSpans(s -> "grpc".equals(s.stringAttribute("rpc.system")), 2 * METHODS.size(), WAIT);
            assertEquals(0, cli.terminate(), cli.stderr());
            for (String kind : List.of("CLIENT", "SERVER")) {
                List<ReceivedSpan> side = calls.stream()
                        .filter(ReceivedSpan.ofKind(kind))
                        .sorted(Comparator.comparingLong(ReceivedSpan::startEpochNanos))
                        .toList();
                assertEquals(METHODS, side.stream().map(ReceivedSpan::name).toList(), ReceivedSpan.describeAll(calls));
                for (ReceivedSpan span : side) {
                    String method = span.name().substring(span.name().indexOf('/') + 1);
                    assertAll(
                            span.describe(),
                            () -> assertEquals("demo.v1.Greeter", span.stringAttribute("rpc.service")),
                            () -> assertEquals(method, span.stringAttribute("rpc.method")),
                            () -> assertEquals(
                                    method.equals("Fail") ? 5L : 0L, span.longAttribute("rpc.grpc.status_code")),
                            () -> assertEquals("unix", span.stringAttribute("network.transport")),
                            () -> assertEquals(
                                    socket.toString(),
                                    span.stringAttribute(
                                            kind.equals("CLIENT") ? "server.address" : "network.local.address")));
                }
                assertEquals(
                        3L,
                        side.get(1).longAttribute("uds.grpc.response.messages"),
                        side.get(1).describe());
            }
            assertTrue(
                    receiver.spans().stream().noneMatch(s -> s.name().startsWith("UDS ")),
                    "no span for SETTINGS, PING or WINDOW_UPDATE: " + ReceivedSpan.describeAll(receiver.spans()));
        }
    }

    private static ChildJvm java(String program, String socket) {
        return ChildJvm.on(25)
                .name(program)
                .jvmArgument("--enable-native-access=ALL-UNNAMED")
                .classpath(CLASSPATH)
                .mainClass("dev.udsotel.examples.grpc." + program, socket);
    }
}
