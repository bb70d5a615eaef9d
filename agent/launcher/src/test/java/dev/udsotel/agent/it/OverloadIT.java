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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A burst of exchanges far beyond the agent's queue ({@code queue.size=64}, 100k exchanges from 4 threads) and its
 * export thread's CPU budget ({@code export.cpu=5}, at normal priority, so the budget has CPU to hold back): the
 * application still gets every byte right, the agent drops events and sheds whole exchanges and says so, what it
 * exports stays within what happened and is whole, and once the burst is over it traces again without having grown.
 * One traced JVM per JDK serves every test.
 */
class OverloadIT {
    private static final String QUEUE_SIZE = "64";
    /**
     * 5% of a core: the burst needs far more; the quiet phase (a few exchanges per 50 ms, on top of the thread's
     * idle polling, about 1% of a core) far less.
     */
    private static final String EXPORT_CPU = "5";

    private static final int THREADS = 4;
    private static final long EXCHANGES = 100_000;
    private static final int ROUNDS = 4;
    private static final int QUIET_EXCHANGES = 20;
    /** Every message of the workload, request and echo, has this many bytes. */
    private static final long MESSAGE_BYTES = 64;
    /**
     * After the burst the agent's queue (64 events) and the SDK's batch queue (2048 spans) only empty; the quiet
     * phase adds 20 exchanges. Growth beyond a few MB between the two samples would be something kept per span.
     */
    private static final long HEAP_GROWTH_AFTER_BURST_BOUND = 16L << 20;

    private static final Duration EXIT_BOUND = Duration.ofSeconds(120);
    private static final Map<Integer, Burst> BURSTS = new ConcurrentHashMap<>();

    private record Burst(Path dir, StormRun run, List<ReceivedSpan> spans) {
        List<ReceivedSpan> burstSpans() {
            return spans.stream()
                    .filter(span -> span.name().startsWith("UDS " + dir.resolve("burst-")))
                    .toList();
        }

        /** "KIND request/response bytes" to how many burst spans have it. */
        Map<String, Long> shapes() {
            return burstSpans().stream()
                    .collect(Collectors.groupingBy(
                            span -> span.kind() + " " + span.attribute("uds.request.bytes") + "/"
                                    + span.attribute("uds.response.bytes"),
                            TreeMap::new,
                            Collectors.counting()));
        }
    }

    private static Burst burst(int jdk) {
        return BURSTS.computeIfAbsent(jdk, OverloadIT::runBurst);
    }

    private static Burst runBurst(int jdk) {
        Path dir = TracedJvm.socketDirectory();
        try (OtlpReceiver receiver = OtlpReceiver.start();
                ChildProcess app = TracedJvm.traced(
                                jdk,
                                receiver,
                                "queue.size=" + QUEUE_SIZE + ",export.cpu=" + EXPORT_CPU + ",export.priority=normal",
                                ExchangeStormWorkload.class,
                                dir.toString(),
                                String.valueOf(THREADS),
                                String.valueOf(EXCHANGES),
                                String.valueOf(ROUNDS),
                                String.valueOf(QUIET_EXCHANGES))
                        .start()) {
            assertEquals(0, app.waitFor(EXIT_BOUND), app.output());
            Burst burst = new Burst(dir, StormRun.of(app), receiver.spans());
            System.out.printf(
                    "overload on JDK %d: %s; %d spans received, %d of burst exchanges; heap samples %s;%n"
                            + "  burst span shapes (kind request/response bytes=count) %s%n",
                    jdk,
                    burst.run.atExit(),
                    burst.spans.size(),
                    burst.burstSpans().size(),
                    burst.run.heapSamples(),
                    burst.shapes());
            return burst;
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void theApplicationGetsEveryByteRightThroughTheBurst(int jdk) {
        burst(jdk).run.assertEveryByteExact(EXCHANGES + QUIET_EXCHANGES);
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void dropsWhatDoesNotFitAndReportsIt(int jdk) {
        StormRun run = burst(jdk).run;
        long dropped = run.lastDroppedReport().orElse(0);
        assertTrue(dropped > 0, run.stderr());
        assertEquals(
                dropped,
                run.atExit().queueDrops(),
                "the last periodic report and the summary at exit:\n" + run.stderr());
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void shedsWholeExchangesOverTheCpuBudgetAndReportsIt(int jdk) {
        StormRun run = burst(jdk).run;
        long shed = run.lastShedReport().orElse(0);
        assertTrue(shed > 0, run.stderr());
        assertEquals(
                shed,
                run.atExit().shedExchanges(),
                "the last periodic report and the summary at exit:\n" + run.stderr());
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void exportsNoMoreThanHappenedAndEverySpanItCountedAsDelivered(int jdk) {
        Burst burst = burst(jdk);
        StormRun.AtExit atExit = burst.run.atExit();
        long burstSpans = burst.burstSpans().size();
        long requestBytes = burst.burstSpans().stream()
                .filter(ReceivedSpan.ofKind("CLIENT"))
                .mapToLong(span -> span.longAttribute("uds.request.bytes"))
                .sum();
        assertAll(
                atExit + ", " + burst.spans.size() + " spans received",
                () -> assertTrue(burstSpans > 0, "nothing of the burst was exported"),
                () -> assertTrue(burstSpans <= 2 * EXCHANGES, "more exchange spans than exchanges happened"),
                () -> assertTrue(
                        burstSpans + atExit.shedExchanges() <= 2 * EXCHANGES + 2 * QUIET_EXCHANGES,
                        "more exchanges exported and shed than happened"),
                () -> assertTrue(
                        requestBytes <= EXCHANGES * MESSAGE_BYTES,
                        "more request bytes than were sent: " + requestBytes),
                () -> assertTrue(
                        burst.spans.size() >= atExit.exported(),
                        "spans the exporter counted as delivered went missing"),
                () -> assertTrue(burst.spans.size() <= atExit.ended(), "more spans arrived than the agent ended"));
    }

    /**
     * A dropped event must not make the tracker glue two exchanges into one span (request 128 bytes, or response
     * 128 bytes) or report half of one (64/0, 0/64): the loss reaches the tracker per connection as a gap. Nor may
     * an exchange shed between two recorded ones.
     */
    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void exportsOnlyWholeExchangesEvenWhenEventsWereDropped(int jdk) {
        Map<String, Long> shapes = burst(jdk).shapes();
        assertEquals(List.of("CLIENT 64/64", "SERVER 64/64"), List.copyOf(shapes.keySet()), shapes.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void tracesEveryQuietExchangeAfterTheBurst(int jdk) {
        Burst burst = burst(jdk);
        List<ReceivedSpan> quiet = burst.spans.stream()
                .filter(ReceivedSpan.named("UDS " + burst.dir.resolve("quiet.sock")))
                .toList();
        assertAll(
                ReceivedSpan.describeAll(quiet),
                () -> assertEquals(
                        QUIET_EXCHANGES,
                        quiet.stream().filter(ReceivedSpan.ofKind("CLIENT")).count()),
                () -> assertEquals(
                        QUIET_EXCHANGES,
                        quiet.stream().filter(ReceivedSpan.ofKind("SERVER")).count()));
        for (ReceivedSpan span : quiet) {
            assertEquals(MESSAGE_BYTES, span.longAttribute("uds.request.bytes"), span.describe());
            assertEquals(MESSAGE_BYTES, span.longAttribute("uds.response.bytes"), span.describe());
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void doesNotGrowAfterTheBurst(int jdk) {
        StormRun run = burst(jdk).run;
        long afterBurst = run.heap("burst-end");
        long afterQuiet = run.heap("quiet-end");
        assertTrue(
                afterQuiet - afterBurst <= HEAP_GROWTH_AFTER_BURST_BOUND,
                "heap grew after the burst: " + afterBurst + " -> " + afterQuiet + " in " + run.heapSamples());
    }
}
