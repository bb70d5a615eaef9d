package dev.udsotel.core.shed;

/**
 * Keeps the work of making spans within a share of one core: the agent's export thread, or the whole uds-trace
 * process. Over each window it compares the CPU time used with the budget and sets how many exchanges should be
 * recorded: one in every {@link #keepOneIn()} (the agent's application threads read it). Within a window, once the
 * budget is spent, what is assembled is shed ({@link #spent()}) until the window ends. Budget left unused is saved,
 * up to {@link #CREDIT_SECONDS} worth, and the budget starts with that much: a short burst, or the slow first spans
 * before the JIT has compiled the export path, is not shed; sustained load is held to the share. Pure arithmetic on
 * the times it is given, so the caller decides when to read its clocks.
 */
public final class CpuBudget {
    static final long WINDOW_NANOS = 50_000_000L;
    /** The rate aims below the budget, so the thread's own shedding within a window stays the exception. */
    private static final double AIM = 0.8;
    /** One exchange in 4096 is next to nothing already; a higher rate would only take longer to come back from. */
    static final int MAX_KEEP_ONE_IN = 4096;
    /** How far one window may lower the rate: a moment of idleness does not let a whole burst through at once. */
    private static final int MAX_FALL = 8;
    /** How much the events the queue dropped may weigh in one window: a tiny queue drops nearly everything. */
    private static final double MAX_DEMAND = 4.0;
    /** How many seconds of budget may be saved for a burst. */
    static final double CREDIT_SECONDS = 3.0;

    private final double share;
    private final double maxCredit;
    /** CPU nanoseconds of budget saved from quieter windows. */
    private double credit;

    private long windowStart;
    private long cpuAtWindowStart;
    private long eventsAtWindowStart;
    private long dropsAtWindowStart;
    private int keepOneIn = 1;
    private boolean spent;

    /** {@code percent} of one core, 1 to 100; 100 never sheds. */
    public CpuBudget(int percent, long nowNanos, long cpuNanos) {
        this(percent, CREDIT_SECONDS, nowNanos, cpuNanos);
    }

    /** With {@code creditSeconds} of budget saved at most (and to start with). */
    CpuBudget(int percent, double creditSeconds, long nowNanos, long cpuNanos) {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("CPU budget " + percent + "% is not between 1 and 100");
        }
        this.share = percent / 100.0;
        this.maxCredit = share * creditSeconds * 1e9;
        this.credit = maxCredit;
        this.windowStart = nowNanos;
        this.cpuAtWindowStart = cpuNanos;
    }

    /**
     * Takes the thread's CPU time at wall time {@code nowNanos}, with the running totals of events it drained and
     * events the queue dropped; answers whether the rate changed.
     */
    public boolean update(long nowNanos, long cpuNanos, long eventsDrained, long eventsDropped) {
        if (share >= 1.0) {
            return false;
        }
        long wall = nowNanos - windowStart;
        long used = cpuNanos - cpuAtWindowStart;
        if (wall < WINDOW_NANOS) {
            boolean wasSpent = spent;
            spent = used > share * WINDOW_NANOS + credit;
            if (spent && !wasSpent && keepOneIn < MAX_KEEP_ONE_IN) {
                // the window's budget is gone already: shed twice as much at once rather than when the window ends
                keepOneIn = Math.min(MAX_KEEP_ONE_IN, keepOneIn * 2);
                return true;
            }
            return false;
        }
        int before = keepOneIn;
        double balance = credit + share * wall - used;
        credit = Math.max(0, Math.min(maxCredit, balance));
        long drained = eventsDrained - eventsAtWindowStart;
        long dropped = eventsDropped - dropsAtWindowStart;
        // events the queue dropped are work the thread would have had too
        double demand = drained == 0 ? 1.0 : Math.min(MAX_DEMAND, (double) (drained + dropped) / drained);
        double needed = (double) used / wall * demand;
        // on saved budget the rate stays, unless the queue overflowed: shedding whole exchanges beats dropping events
        if (balance <= 0 || dropped > 0 || needed < share * AIM) {
            keepOneIn = nextKeepOneIn(keepOneIn, needed, share);
        }

        windowStart = nowNanos;
        cpuAtWindowStart = cpuNanos;
        eventsAtWindowStart = eventsDrained;
        dropsAtWindowStart = eventsDropped;
        spent = false;
        return keepOneIn != before;
    }

    /**
     * The next rate from the share of a core the last window needed (used, or would have used for what the queue
     * dropped): the work scales with the exchanges kept, so scale the rate by how far that is from the aim.
     */
    static int nextKeepOneIn(int keepOneIn, double used, double share) {
        double wanted = keepOneIn * used / (share * AIM);
        if (used > share) {
            wanted = Math.max(wanted, keepOneIn + 1);
        } else if (wanted <= keepOneIn) {
            wanted = Math.max(wanted, (double) keepOneIn / MAX_FALL);
        }
        return (int) Math.max(1, Math.min(MAX_KEEP_ONE_IN, Math.round(wanted)));
    }

    public int keepOneIn() {
        return keepOneIn;
    }

    /** The budget of the current window is used up: shed what is assembled until it ends. */
    public boolean spent() {
        return spent;
    }
}
