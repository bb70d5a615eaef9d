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
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The export thread held to 1% of a core ({@code export.cpu=1}) under a storm of echo exchanges with the default
 * queue: the agent sheds whole exchanges and reports how many, and every span it still exports is one request with
 * its own echo, never a request with another exchange's response and never two exchanges in one. One traced JVM
 * per JDK serves every test. The export thread keeps normal priority: at idle priority a storm on every core leaves
 * it no CPU at all, and the budget would have nothing to hold back.
 */
class ExportBudgetIT {
    private static final int THREADS = 4;
    private static final long EXCHANGES = 40_000;
    private static final int ROUNDS = 2;
    private static final long MESSAGE_BYTES = 64;
    private static final Duration EXIT_BOUND = Duration.ofSeconds(120);
    private static final Map<Integer, Run> RUNS = new ConcurrentHashMap<>();

    private record Run(StormRun storm, List<ReceivedSpan> spans) {}

    private static Run run(int jdk) {
        return RUNS.computeIfAbsent(jdk, ExportBudgetIT::start);
    }

    private static Run start(int jdk) {
        Path dir = TracedJvm.socketDirectory();
        try (OtlpReceiver receiver = OtlpReceiver.start();
                ChildProcess app = TracedJvm.traced(
                                jdk,
                                receiver,
                                "export.cpu=1,export.priority=normal",
                                ExchangeStormWorkload.class,
                                dir.toString(),
                                String.valueOf(THREADS),
                                String.valueOf(EXCHANGES),
                                String.valueOf(ROUNDS),
                                "0")
                        .start()) {
            assertEquals(0, app.waitFor(EXIT_BOUND), app.output());
            List<ReceivedSpan> spans = receiver.spans().stream()
                    .filter(span -> span.name().startsWith("UDS " + dir.resolve("burst-")))
                    .toList();
            Run run = new Run(StormRun.of(app), spans);
            System.out.printf(
                    "export.cpu=1 on JDK %d: %s; %d exchange spans received%n", jdk, run.storm.atExit(), spans.size());
            return run;
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void theApplicationGetsEveryByteRight(int jdk) {
        run(jdk).storm.assertEveryByteExact(EXCHANGES);
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void shedsWholeExchangesAndReportsHowMany(int jdk) {
        Run run = run(jdk);
        StormRun.AtExit atExit = run.storm.atExit();
        long reported = run.storm.lastShedReport().orElse(0);
        assertAll(
                run.storm.stderr(),
                () -> assertTrue(reported > 0, "nothing shed at 1% of a core"),
                () -> assertEquals(
                        reported, atExit.shedExchanges(), "the last periodic report and the summary at exit"),
                () -> assertTrue(!run.spans.isEmpty(), "nothing exported at all"),
                () -> assertTrue(
                        run.spans.size() + atExit.shedExchanges() <= 2 * EXCHANGES,
                        run.spans.size() + " exported and " + atExit.shedExchanges() + " shed of " + 2 * EXCHANGES));
    }

    /** Each message is echoed: a span whose request and response previews differ paired two exchanges' halves. */
    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void everyExportedSpanIsOneRequestWithItsOwnEcho(int jdk) {
        for (ReceivedSpan span : run(jdk).spans) {
            assertAll(
                    span.describe(),
                    () -> assertEquals(MESSAGE_BYTES, span.longAttribute("uds.request.bytes")),
                    () -> assertEquals(MESSAGE_BYTES, span.longAttribute("uds.response.bytes")),
                    () -> assertTrue(String.valueOf(span.attribute("uds.request.preview"))
                            .startsWith("uds-it storm ")),
                    () -> assertEquals(span.attribute("uds.request.preview"), span.attribute("uds.response.preview")));
        }
    }
}
