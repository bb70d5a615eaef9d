package dev.udsotel.sidecar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.testing.CommandResult;
import dev.udsotel.testing.Containerd;
import dev.udsotel.testing.Dockerd;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.ReceivedSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private containerd (Go gRPC server) started before the tracer, and ctr (Go gRPC client) making calls that need
 * no image, seen by the real uds-trace: each call is one span named after containerd's service and method, with
 * its gRPC status, at both ends. A private dockerd on that containerd, started under the tracer, is another Go
 * client whose every call is named.
 */
@ExtendWith(CapturesInTestCgroup.class)
class ContainerdCaptureTest {
    /** What ctr calls: version asks the server's identity too, namespaces ls gets each namespace's labels. */
    private static final List<String> CALLS = List.of(
            "containerd.services.version.v1.Version/Version",
            "containerd.services.introspection.v1.Introspection/Server",
            "containerd.services.namespaces.v1.Namespaces/Create",
            "containerd.services.namespaces.v1.Namespaces/List",
            "containerd.services.namespaces.v1.Namespaces/Get",
            "containerd.services.containers.v1.Containers/Get");

    @TempDir
    Path dir;

    @Test
    void ctrCallsToContainerdAreSpansNamedAfterServiceAndMethodWithTheirStatus() throws Exception {
        try (Containerd containerd = Containerd.start(dir);
                OtlpReceiver receiver = OtlpReceiver.start();
                UdsTraceProcess cli = UdsTraceProcess.capturingInto(
                        receiver,
                        dir,
                        TestCgroup.confined("-q", "--path", containerd.socket().toString()))) {
            assertTrue(containerd.ctr("version").contains("Server:"));
            containerd.ctr("namespaces", "create", "uds-otel");
            assertTrue(containerd.ctr("namespaces", "ls").contains("uds-otel"));
            CommandResult missing = containerd.ctrResult("-n", "uds-otel", "containers", "info", "nope");
            assertTrue(missing.exitCode() != 0 && missing.stderr().contains("not found"), missing.toString());

            awaitGrpcSpans(receiver, "CLIENT");
            awaitGrpcSpans(receiver, "SERVER");
            assertEquals(0, cli.terminate(), cli.stderr());
            List<ReceivedSpan> client = grpcSpans(receiver.spans(), "CLIENT");
            List<ReceivedSpan> served = grpcSpans(receiver.spans(), "SERVER");

            String socket = containerd.socket().toString();
            for (List<ReceivedSpan> side : List.of(client, served)) {
                assertEquals(CALLS, side.stream().map(ReceivedSpan::name).toList(), ReceivedSpan.describeAll(side));
                for (ReceivedSpan span : side) {
                    int slash = span.name().indexOf('/');
                    assertEquals(span.name().substring(0, slash), span.stringAttribute("rpc.service"), span.describe());
                    assertEquals(span.name().substring(slash + 1), span.stringAttribute("rpc.method"), span.describe());
                    String address = side == client ? "server.address" : "network.local.address";
                    assertEquals(socket, span.stringAttribute(address), span.describe());
                    assertEquals("unix", span.stringAttribute("network.transport"), span.describe());
                }
                assertEquals(
                        List.of(0L, 0L, 0L, 0L, 0L, 5L),
                        side.stream()
                                .map(s -> s.longAttribute("rpc.grpc.status_code"))
                                .toList(),
                        "OK, then NOT_FOUND for the missing container: " + ReceivedSpan.describeAll(side));
            }
            assertEquals("ERROR", client.get(5).statusCode(), "NOT_FOUND fails the client's call");
            assertEquals(
                    List.of(1L, 3L),
                    client.subList(0, 2).stream()
                            .map(s -> s.longAttribute("uds.http2.stream_id"))
                            .toList(),
                    "ctr version's two calls share one connection, as streams 1 and 3");
            List<ReceivedSpan> all = receiver.spans();
            assertTrue(
                    all.stream().noneMatch(s -> s.name().startsWith("UDS ")),
                    "no span for SETTINGS, PING or WINDOW_UPDATE: " + ReceivedSpan.describeAll(all));
        }
    }

    @Test
    void dockerdStartedUnderTheTracerCallsContainerdInSpansNamedAfterEachCall() throws Exception {
        try (Containerd containerd = Containerd.start(dir);
                OtlpReceiver receiver = OtlpReceiver.start();
                UdsTraceProcess cli = UdsTraceProcess.capturingInto(
                        receiver,
                        dir,
                        TestCgroup.confined("-q", "--path", containerd.socket().toString()));
                Dockerd dockerd = Dockerd.start(dir, containerd)) {
            String version = dockerd.docker("version", "--format", "{{range .Server.Components}}{{.Name}} {{end}}");
            assertTrue(version.contains("containerd"), "dockerd asked containerd for its version: " + version);

            Predicate<ReceivedSpan> fromDockerd =
                    ReceivedSpan.ofKind("CLIENT").and(s -> "dockerd".equals(s.resourceAttribute("service.name")));
            receiver.awaitSpans(
                    fromDockerd.and(ReceivedSpan.named("containerd.services.version.v1.Version/Version")),
                    1,
                    Duration.ofSeconds(60));
            dockerd.close();
            assertEquals(0, cli.terminate(), cli.stderr());
            List<ReceivedSpan> calls =
                    receiver.spans().stream().filter(fromDockerd).toList();
            String all = ReceivedSpan.describeAll(calls);
            for (ReceivedSpan call : calls) {
                assertTrue(
                        call.name().startsWith("containerd.services.")
                                || call.name().startsWith("connect "),
                        "every call of a connection seen from its start is named: " + all);
                if (!call.name().startsWith("connect ")) {
                    assertEquals("grpc", call.stringAttribute("rpc.system"), call.describe());
                    assertEquals(
                            containerd.socket().toString(), call.stringAttribute("server.address"), call.describe());
                    assertTrue(call.attribute("uds.http2.headers_lost") == null, call.describe());
                }
            }
            assertTrue(
                    calls.stream()
                            .map(ReceivedSpan::name)
                            .toList()
                            .containsAll(List.of(
                                    "containerd.services.namespaces.v1.Namespaces/Get",
                                    "containerd.services.version.v1.Version/Version",
                                    "containerd.services.events.v1.Events/Subscribe")),
                    "dockerd's start-up calls, its event stream and the version docker asked for: " + all);
            ReceivedSpan versionCall = calls.stream()
                    .filter(ReceivedSpan.named("containerd.services.version.v1.Version/Version"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(0L, versionCall.longAttribute("rpc.grpc.status_code"), versionCall.describe());
        }
    }

    private static void awaitGrpcSpans(OtlpReceiver receiver, String kind) {
        receiver.awaitSpans(grpc(kind), CALLS.size(), Duration.ofSeconds(60));
    }

    /** Every gRPC span of one side (all were exported when uds-trace exited), in the order of the calls. */
    private static List<ReceivedSpan> grpcSpans(List<ReceivedSpan> spans, String kind) {
        return spans.stream()
                .filter(grpc(kind))
                .sorted(Comparator.comparingLong(ReceivedSpan::startEpochNanos))
                .toList();
    }

    private static Predicate<ReceivedSpan> grpc(String kind) {
        return ReceivedSpan.ofKind(kind).and(s -> "grpc".equals(s.stringAttribute("rpc.system")));
    }
}
