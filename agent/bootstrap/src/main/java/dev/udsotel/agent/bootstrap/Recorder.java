package dev.udsotel.agent.bootstrap;

/** Where inlined advice finds the observer. Null until the agent has started, and again if it is disabled. */
public final class Recorder {
    /** Not taken into account by advice before the first non-null write. */
    public static volatile ChannelObserver observer;

    /** Marks a value that advice did not measure because the call was not on a UNIX channel. */
    public static final long NOT_OBSERVED = Long.MIN_VALUE;

    private Recorder() {}
}
