package dev.udsotel.core.protocol.fuzz;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A property over generated inputs: a generator, a check, a number of tries and a fixed seed, so a failure repeats
 * in CI and on a laptop alike. Each try draws its input from a random of its own, seeded from the property's seed,
 * so one failing try can be replayed alone. A failing input is shrunk (smaller candidates that still fail are
 * kept) and the report shows the shrunk input, the original and how to replay it.
 *
 * <p>{@code -Dfuzz.seed=N} runs every property with another seed, to look further than CI does;
 * {@code -Dfuzz.replay=N} runs only the try whose seed the report names.
 */
public final class Property<T> {
    /** Draws one input. */
    @FunctionalInterface
    public interface Generator<T> {
        T next(SplittableRandom random);
    }

    /** Fails by throwing, as an assertion does. */
    @FunctionalInterface
    public interface Check<T> {
        void verify(T input) throws Throwable;
    }

    private static final int SHRINK_BUDGET = 4_000;

    private final String name;
    private final Generator<T> generator;
    private int tries = 1_000;
    private long seed;
    private Function<T, String> describer = String::valueOf;
    private Function<T, Iterator<T>> shrinker = input -> java.util.Collections.emptyIterator();

    private Property(String name, Generator<T> generator) {
        this.name = name;
        this.generator = generator;
    }

    public static <T> Property<T> forAll(String name, Generator<T> generator) {
        return new Property<>(name, generator);
    }

    /**
     * The full number of tries, run under {@code -Pfuzz-full} ({@code uds.fuzz.tier=full}); every other build runs
     * the quick tier, a tenth of it but at least 1,000, which keeps the coverage checks that need 1,000 tries.
     */
    public Property<T> tries(int tries) {
        boolean full = "full".equals(System.getProperty("uds.fuzz.tier", "quick"));
        this.tries = full ? tries : Math.min(tries, Math.max(1_000, tries / 10));
        return this;
    }

    public Property<T> seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** How a failing input is shown. */
    public Property<T> describedBy(Function<T, String> describer) {
        this.describer = describer;
        return this;
    }

    /** Smaller variants of an input, most promising first. */
    public Property<T> shrinkingWith(Function<T, Iterator<T>> shrinker) {
        this.shrinker = shrinker;
        return this;
    }

    /**
     * Runs every try; throws an {@link AssertionError} describing the shrunk input at the first failure. Returns how
     * many tries ran: one when replaying.
     */
    public int check(Check<T> check) {
        long effectiveSeed = Long.decode(System.getProperty("fuzz.seed", Long.toString(seed)));
        String replay = System.getProperty("fuzz.replay");
        long started = System.nanoTime();
        if (replay != null) {
            long trySeed = Long.decode(replay);
            runTry(check, -1, effectiveSeed, trySeed);
            return 1;
        }
        SplittableRandom seeds = new SplittableRandom(effectiveSeed);
        for (int i = 0; i < tries; i++) {
            runTry(check, i, effectiveSeed, seeds.nextLong());
        }
        System.out.printf(
                "fuzz: %-70s %,10d tries %6.1f s  seed %#x%n",
                name, tries, (System.nanoTime() - started) / 1e9, effectiveSeed);
        return tries;
    }

    private void runTry(Check<T> check, int index, long propertySeed, long trySeed) {
        T input = generator.next(new SplittableRandom(trySeed));
        Throwable failure = failureOf(check, input);
        if (failure == null) {
            return;
        }
        T shrunk = input;
        Throwable shrunkFailure = failure;
        int budget = SHRINK_BUDGET;
        boolean progress = true;
        while (progress && budget > 0) {
            progress = false;
            for (Iterator<T> candidates = shrinker.apply(shrunk); candidates.hasNext() && budget > 0; budget--) {
                T candidate = candidates.next();
                Throwable candidateFailure = failureOf(check, candidate);
                if (candidateFailure != null) {
                    shrunk = candidate;
                    shrunkFailure = candidateFailure;
                    progress = true;
                    break;
                }
            }
        }
        AssertionError error = new AssertionError(
                name + " failed at try #" + index + " (property seed " + propertySeed
                        + "; replay this try alone with -Dtest=<this test> -Dfuzz.replay=" + trySeed
                        + ")\n  shrunk input:   "
                        + describer.apply(shrunk)
                        + "\n  shrunk failure: " + trace(shrunkFailure) + "\n  original input: "
                        + describer.apply(input),
                shrunkFailure);
        throw error;
    }

    private static <T> Throwable failureOf(Check<T> check, T input) {
        try {
            check.verify(input);
            return null;
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable e) {
            return e;
        }
    }

    private static String trace(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        String[] lines = text.toString().split("\n");
        return String.join("\n    ", java.util.Arrays.copyOf(lines, Math.min(lines.length, 12)));
    }
}
