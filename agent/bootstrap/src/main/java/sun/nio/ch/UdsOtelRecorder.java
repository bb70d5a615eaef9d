package sun.nio.ch;

/**
 * Where inlined advice finds the observer. Null until the agent has started, and again if it is disabled.
 * The agent defines this class inside java.base, in the package of the channels it instruments, so no jar is
 * appended to the boot class path (which would switch class-data sharing off for every non-JDK class).
 */
public final class UdsOtelRecorder {
    /** Not taken into account by advice before the first non-null write. */
    public static volatile UdsOtelChannelObserver observer;

    /**
     * A start time advice did not take: the call was not on a UNIX channel, or it received bytes (a received
     * message's moment is when the call returns, which the recorder reads itself).
     */
    public static final long NOT_OBSERVED = Long.MIN_VALUE;

    private UdsOtelRecorder() {}
}
