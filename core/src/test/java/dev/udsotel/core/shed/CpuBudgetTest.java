package dev.udsotel.core.shed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuBudgetTest {
    private static final long MS = 1_000_000L;
    private static final long WINDOW = CpuBudget.WINDOW_NANOS;

    @Test
    void keepsEveryExchangeWhileTheThreadStaysWithinItsShare() {
        CpuBudget budget = new CpuBudget(25, 0.0, 0, 0);
        assertFalse(budget.update(WINDOW, WINDOW / 10, 1000, 0));
        assertEquals(1, budget.keepOneIn());
        assertFalse(budget.spent());
    }

    @Test
    void shedsInProportionToHowFarTheThreadWentOverItsShare() {
        CpuBudget budget = new CpuBudget(25, 0.0, 0, 0);
        // a whole core used against a quarter of one: keep about one in five (aiming below the budget)
        assertTrue(budget.update(WINDOW, WINDOW, 1000, 0));
        assertEquals(5, budget.keepOneIn());
    }

    @Test
    void countsWhatTheQueueDroppedAsWorkTheThreadWouldHaveHad() {
        CpuBudget withoutDrops = new CpuBudget(25, 0.0, 0, 0);
        CpuBudget withDrops = new CpuBudget(25, 0.0, 0, 0);
        withoutDrops.update(WINDOW, WINDOW / 2, 1000, 0);
        withDrops.update(WINDOW, WINDOW / 2, 1000, 3000);
        assertTrue(
                withDrops.keepOneIn() > 3 * withoutDrops.keepOneIn(),
                withDrops.keepOneIn() + " with three quarters dropped, " + withoutDrops.keepOneIn() + " without");
    }

    @Test
    void goesOverTheBudgetOnlyUntilTheWindowEndsDoublingTheRateAtOnce() {
        CpuBudget budget = new CpuBudget(10, 0.0, 0, 0);
        assertFalse(budget.update(5 * MS, 2 * MS, 10, 0));
        assertFalse(budget.spent(), "2 ms of a 5 ms budget");
        assertTrue(budget.update(20 * MS, 6 * MS, 20, 0));
        assertTrue(budget.spent(), "6 ms of a 5 ms budget");
        assertEquals(2, budget.keepOneIn());
        assertFalse(budget.update(30 * MS, 7 * MS, 30, 0), "doubled once per window");
        budget.update(WINDOW + MS, 6 * MS, 30, 0);
        assertFalse(budget.spent(), "a new window");
    }

    @Test
    void returnsToKeepingEverythingOnceIdleFallingAtMostEightfoldPerWindow() {
        CpuBudget budget = new CpuBudget(1, 0.0, 0, 0);
        long now = 0;
        long cpu = 0;
        for (int i = 0; i < 10; i++) {
            budget.update(now += WINDOW, cpu += WINDOW, 1000, 1_000_000);
        }
        assertEquals(CpuBudget.MAX_KEEP_ONE_IN, budget.keepOneIn(), "a whole core against 1% for ten windows");
        budget.update(now += WINDOW, cpu, 0, 1_000_000);
        assertEquals(CpuBudget.MAX_KEEP_ONE_IN / 8, budget.keepOneIn(), "idle for a window");
        for (int i = 0; i < 3; i++) {
            budget.update(now += WINDOW, cpu, 0, 1_000_000);
        }
        assertEquals(1, budget.keepOneIn(), "idle for four windows");
    }

    @Test
    void spendsSavedBudgetOnABurstBeforeSheddingAnything() {
        CpuBudget budget = new CpuBudget(25, 1.0, 0, 0);
        long now = 0;
        long cpu = 0;
        // a whole core against a quarter of one uses 0.75 of a window's length more than the budget each window;
        // 250 ms saved last 333 ms
        for (int i = 0; i < 6; i++) {
            budget.update(now += WINDOW, cpu += WINDOW, 1000 * (i + 1), 0);
            assertEquals(1, budget.keepOneIn(), "window " + i + " on saved budget");
            assertFalse(budget.spent());
        }
        budget.update(now += WINDOW, cpu += WINDOW, 7000, 0);
        assertTrue(budget.keepOneIn() > 1, "the saved budget is gone");
    }

    @Test
    void shedsOnSavedBudgetTooOnceTheQueueOverflows() {
        CpuBudget budget = new CpuBudget(25, 1.0, 0, 0);
        // a thread that gets little CPU (a busy machine) while its queue drops: shedding whole exchanges beats that
        budget.update(WINDOW, WINDOW / 5, 1000, 3000);
        assertTrue(budget.keepOneIn() > 1, "kept every exchange while the queue dropped three events in four");
    }

    @Test
    void aBudgetOfAWholeCoreNeverSheds() {
        CpuBudget budget = new CpuBudget(100, 0.0, 0, 0);
        assertFalse(budget.update(WINDOW, WINDOW, 1000, 100_000));
        assertEquals(1, budget.keepOneIn());
        assertFalse(budget.spent());
    }

    @Test
    void refusesABudgetOutsideOneToAHundredPercent() {
        assertThrows(IllegalArgumentException.class, () -> new CpuBudget(0, 0.0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new CpuBudget(101, 0.0, 0, 0));
    }
}
