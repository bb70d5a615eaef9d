package sun.nio.ch;

/**
 * Where inlined advice finds the observer. Null until the agent has started, and again if it is disabled.
 * The agent defines this class inside java.base, in the package of the channels it instruments, so no jar is
 * appended to the boot class path (which would switch class-data sharing off for every non-JDK class).
 */
public final class UdsOtelRecorder {
    /** Not taken into account by advice before the first non-null write. */
    public static volatile UdsOtelChannelObserver observer;

    /** Marks a value that advice did not measure because the call was not on a UNIX channel. */
    public static final long NOT_OBSERVED = Long.MIN_VALUE;

    private UdsOtelRecorder() {}
}
