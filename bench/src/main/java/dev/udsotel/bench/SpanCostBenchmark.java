package dev.udsotel.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Nanoseconds of the agent's export thread per span, for 256-byte ping-pongs of each payload kind: the events go
 * through core's ConversationTracker and ExchangeSpans into the SDK, which builds the spans and drops them (exporter
 * {@code none}). One JMH operation is one round trip: four events, two spans. {@code bench/span-cost} runs it.
 * {@link #sdkAlone} builds the same spans straight through the SDK, the floor under core's figure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpanCostBenchmark {
    @Param({"letters", "binary", "http", "redis"})
    public String kind;

    @Param("256")
    public int bytes;

    private SpanCostWorkload workload;
    private SdkSpanFloor floor;

    @Setup(Level.Trial)
    public void start() {
        workload = new SpanCostWorkload(kind, bytes);
        floor = new SdkSpanFloor(kind, bytes);
        System.out.printf("%n[%s: %d attributes a span]%n", kind, floor.attributesPerSpan());
    }

    @TearDown(Level.Trial)
    public void stop() {
        workload.close();
    }

    @Benchmark
    @OperationsPerInvocation(SpanCostWorkload.SPANS_PER_ROUND_TRIP)
    public void exchangeSpans() {
        workload.roundTrip();
    }

    /** The same two spans built straight through the SDK: its own share of {@link #exchangeSpans}. */
    @Benchmark
    @OperationsPerInvocation(SpanCostWorkload.SPANS_PER_ROUND_TRIP)
    public void sdkAlone() {
        floor.rebuild();
    }
}
