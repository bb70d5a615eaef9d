package dev.udsotel.agent.it;

import static dev.udsotel.agent.it.TracedJvm.ARRIVAL;
import static dev.udsotel.agent.it.TracedJvm.WAIT;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.agent.it.workload.IoPathsWorkload;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.ReceivedSpan;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way an application moves bytes over a Unix socket channel (heap, direct and read-only buffers,
 * scatter/gather, streams, sendfile and transferFrom, a Selector, virtual threads on JDK 25), then bulk transfers
 * on each path and TCP traffic, in one traced JVM per JDK and one untraced JVM per JDK to compare with.
 */
class IoPathsIT {
    private static final long BULK_BYTES = 256L << 20;
    private static final Map<Integer, Run> TRACED = new ConcurrentHashMap<>();
    private static final Map<Integer, String> UNTRACED = new ConcurrentHashMap<>();
    private static final Pattern TCP_PORT = Pattern.compile("tcp port (\\d+) ok");

    private record Run(Path dir, String stdout, List<ReceivedSpan> spans) {
        ReceivedSpan only(String kind, String socketFile) {
            Predicate<ReceivedSpan> matching =
                    ReceivedSpan.ofKind(kind).and(ReceivedSpan.named("UDS " + dir.resolve(socketFile)));
            List<ReceivedSpan> found = spans.stream().filter(matching).toList();
            assertEquals(
                    1, found.size(), () -> kind + " spans on " + socketFile + ":\n" + ReceivedSpan.describeAll(spans));
            return found.get(0);
        }
    }

    private static Run traced(int jdk) {
        return TRACED.computeIfAbsent(jdk, IoPathsIT::traceOnce);
    }

    private static Run traceOnce(int jdk) {
        Path dir = TracedJvm.socketDirectory();
        List<String> paths = IoPathsWorkload.pathNames(jdk);
        // a long idle gap, so that a scheduling hiccup cannot split one bulk transfer into two exchanges, and a queue
        // that holds a whole bulk transfer's events: on a loaded machine the export thread can fall that far behind,
        // and a drop (counted, and tested elsewhere) would rightly cut the transfer short
        try (OtlpReceiver receiver = OtlpReceiver.start();
                ChildProcess app = TracedJvm.traced(
                                jdk,
                                receiver,
                                "idle.gap.ms=30000,queue.size=1048576",
                                IoPathsWorkload.class,
                                dir.toString(),
                                String.valueOf(BULK_BYTES))
                        .start()) {
            assertEquals(0, app.waitFor(WAIT.multipliedBy(2)), app.output());
            assertTrue(app.stdout().contains("done"), app.output());
            receiver.awaitSpans(span -> span.name().startsWith("UDS "), 4 * paths.size(), ARRIVAL);
            return new Run(dir, app.stdout(), receiver.spans());
        }
    }

    private static String untraced(int jdk) {
        return UNTRACED.computeIfAbsent(jdk, feature -> {
            Path dir = TracedJvm.socketDirectory();
            return TracedJvm.untraced(feature, IoPathsWorkload.class, dir.toString(), String.valueOf(BULK_BYTES))
                    .run(WAIT.multipliedBy(2))
                    .assertSuccess()
                    .stdout();
        });
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void recordsTheExactBytesOfEveryIoPathOnBothEnds(int jdk) {
        Run run = traced(jdk);
        for (String path : IoPathsWorkload.pathNames(jdk)) {
            byte[] request = IoPathsWorkload.request(path);
            byte[] response = IoPathsWorkload.response(path);
            for (String kind : List.of("CLIENT", "SERVER")) {
                ReceivedSpan span = run.only(kind, path + ".sock");
                assertAll(
                        path + " " + span.describe(),
                        () -> assertEquals((long) request.length, span.longAttribute("uds.request.bytes")),
                        () -> assertEquals((long) response.length, span.longAttribute("uds.response.bytes")),
                        () -> assertEquals(Previews.of(request), span.stringAttribute("uds.request.preview")),
                        () -> assertEquals(Previews.of(response), span.stringAttribute("uds.response.preview")),
                        () -> assertEquals(false, span.attribute("uds.request.truncated")),
                        () -> assertEquals(false, span.attribute("uds.response.truncated")),
                        () -> assertEquals("exchange", span.stringAttribute("uds.exchange")));
            }
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void recordsTheConnectAndAcceptOfEveryIoPathIncludingANonBlockingConnect(int jdk) {
        Run run = traced(jdk);
        for (String path : IoPathsWorkload.pathNames(jdk)) {
            Path socket = run.dir.resolve(path + ".sock");
            for (String handshake : List.of("connect " + socket, "accept " + socket)) {
                List<ReceivedSpan> found =
                        run.spans.stream().filter(ReceivedSpan.named(handshake)).toList();
                assertEquals(1, found.size(), () -> handshake + "\n" + ReceivedSpan.describeAll(run.spans));
                assertEquals("UNSET", found.get(0).statusCode(), found.get(0).describe());
                assertEquals(
                        handshake.startsWith("connect") ? "CLIENT" : "SERVER",
                        found.get(0).kind());
            }
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void countsEveryByteOfABulkTransferOnEveryIoPath(int jdk) {
        Run run = traced(jdk);
        for (String path : IoPathsWorkload.pathNames(jdk)) {
            String preview = Previews.of(IoPathsWorkload.bulkPrefix(path, 256));
            for (String kind : List.of("CLIENT", "SERVER")) {
                ReceivedSpan span = run.only(kind, path + "-bulk.sock");
                assertAll(
                        path + " " + span.describe(),
                        () -> assertEquals(BULK_BYTES, span.longAttribute("uds.request.bytes")),
                        () -> assertEquals(64L, span.longAttribute("uds.response.bytes")),
                        () -> assertEquals(preview, span.stringAttribute("uds.request.preview")),
                        () -> assertEquals(true, span.attribute("uds.request.truncated")),
                        () -> assertEquals(false, span.attribute("uds.response.truncated")));
            }
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void deliversTheSameBytesWithAndWithoutTheAgent(int jdk) {
        String traced = traced(jdk).stdout;
        String untraced = untraced(jdk);
        for (String path : IoPathsWorkload.pathNames(jdk)) {
            String line = bulkLine(traced, path);
            Matcher digests = Pattern.compile("sent ([0-9a-f]{64}) received ([0-9a-f]{64})")
                    .matcher(line);
            assertTrue(digests.find(), line);
            assertEquals(digests.group(1), digests.group(2), "what the receiver saw under the agent: " + line);
            assertEquals(bulkLine(untraced, path), line, "the same transfer without the agent");
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void leavesBufferPositionsAndLimitsAsTheChannelContractSays(int jdk) {
        for (String stdout : List.of(traced(jdk).stdout, untraced(jdk))) {
            Matcher counts =
                    Pattern.compile("buffers checked (\\d+) violations (\\d+)").matcher(stdout);
            assertTrue(counts.find(), stdout);
            assertTrue(Long.parseLong(counts.group(1)) > 1000, counts.group());
            assertEquals("0", counts.group(2), counts.group());
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void exportsNothingForTcpTraffic(int jdk) {
        Run run = traced(jdk);
        Matcher port = TCP_PORT.matcher(run.stdout);
        assertTrue(port.find(), run.stdout);
        for (ReceivedSpan span : run.spans) {
            assertEquals("unix", span.stringAttribute("network.transport"), span.describe());
            assertTrue(span.stringAttribute("network.peer.address").startsWith(run.dir.toString()), span.describe());
            assertFalse(
                    span.attributes().values().stream()
                            .anyMatch(v -> String.valueOf(v).contains("tcp ")),
                    span.describe());
            assertFalse(
                    span.attributes().values().stream()
                            .anyMatch(v -> String.valueOf(v).contains(port.group(1))),
                    span.describe());
        }
        long handshakes = 2L * IoPathsWorkload.pathNames(jdk).size() * 2;
        long exchanges = 2L * IoPathsWorkload.pathNames(jdk).size() * 2;
        assertEquals(handshakes + exchanges, run.spans.size(), ReceivedSpan.describeAll(run.spans));
    }

    private static String bulkLine(String stdout, String path) {
        return stdout.lines()
                .filter(l -> l.startsWith("bulk " + path + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no bulk line for " + path + " in\n" + stdout));
    }
}
