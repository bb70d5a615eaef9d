package dev.udsotel.agent.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.agent.it.workload.ExchangeStormWorkload;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.ReceivedSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A burst of exchanges far beyond the agent's queue: the application still gets every byte right, the agent drops
 * and says so, what it exports stays within what happened, and once the burst is over it traces again without
 * having grown.
 */
class OverloadIT {
    private static final String QUEUE_SIZE = "64";
    private static final int THREADS = 4;
    private static final long EXCHANGES = 100_000;
    private static final int ROUNDS = 4;
    private static final int QUIET_EXCHANGES = 20;
    /**
     * After the burst the agent's queue (64 events) and the SDK's batch queue (2048 spans) only empty; the quiet
     * phase adds 20 exchanges. Growth beyond a few MB between the two samples would be something kept per span.
     */
    private static final long HEAP_GROWTH_AFTER_BURST_BOUND = 16L << 20;
    private static final Duration EXIT_BOUND = Duration.ofSeconds(120);

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void dropsAndReportsWhatDoesNotFitThenTracesAgainWithoutGrowing(int jdk) {
        Path dir = TracedJvm.socketDirectory();
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            StormRun run;
            try (ChildProcess app = TracedJvm.traced(jdk, receiver, "queue.size=" + QUEUE_SIZE, ExchangeStormWorkload.class,
                    dir.toString(), String.valueOf(THREADS), String.valueOf(EXCHANGES), String.valueOf(ROUNDS),
                    String.valueOf(QUIET_EXCHANGES)).start()) {
                assertEquals(0, app.waitFor(EXIT_BOUND), app.output());
                run = StormRun.of(app);
            }
            run.assertEveryByteExact(EXCHANGES + QUIET_EXCHANGES);

            long dropped = run.lastDroppedReport().orElse(0);
            StormRun.AtExit atExit = run.atExit();
            List<ReceivedSpan> spans = receiver.spans();
            long burstSpans = spans.stream().filter(span -> span.name().startsWith("UDS " + dir.resolve("burst-"))).count();
            System.out.printf("overload on JDK %d: %d events dropped, %s, %d spans received, %d of them burst exchanges%n",
                    jdk, dropped, atExit, spans.size(), burstSpans);
            assertAll(run.stderr(),
                    () -> assertTrue(dropped > 0, "no drops reported"),
                    () -> assertEquals(dropped, atExit.queueDrops(), "the periodic report and the summary at exit"),
                    () -> assertTrue(burstSpans <= 2 * EXCHANGES, "more exchange spans than exchanges happened"),
                    () -> assertTrue(spans.size() >= atExit.exported(), "spans the exporter counted as delivered went missing"),
                    () -> assertTrue(spans.size() <= atExit.ended(), "more spans arrived than the agent ended"));

            List<ReceivedSpan> quiet = spans.stream().filter(ReceivedSpan.named("UDS " + dir.resolve("quiet.sock"))).toList();
            assertAll(ReceivedSpan.describeAll(quiet),
                    () -> assertEquals(QUIET_EXCHANGES, quiet.stream().filter(ReceivedSpan.ofKind("CLIENT")).count()),
                    () -> assertEquals(QUIET_EXCHANGES, quiet.stream().filter(ReceivedSpan.ofKind("SERVER")).count()));

            long afterBurst = run.heap("burst-end");
            long afterQuiet = run.heap("quiet-end");
            System.out.printf("overload on JDK %d: heap samples %s%n", jdk, run.heapSamples());
            assertTrue(afterQuiet - afterBurst <= HEAP_GROWTH_AFTER_BURST_BOUND,
                    "heap grew after the burst: " + afterBurst + " -> " + afterQuiet);
        }
    }
}
