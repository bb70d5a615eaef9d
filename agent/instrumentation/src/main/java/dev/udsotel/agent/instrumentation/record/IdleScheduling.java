package dev.udsotel.agent.instrumentation.record;

/**
 * Puts the calling thread in Linux's SCHED_IDLE class, through the agent's JNI library: it then runs only on CPU time
 * no other thread wants, so the export thread never delays the application's own threads. Where the library is not
 * loaded (see {@link SockDiag}), the thread keeps its normal priority.
 */
public final class IdleScheduling {
    private IdleScheduling() {}

    /** Whether the calling thread is now SCHED_IDLE. */
    public static boolean idleCurrentThread() {
        return SockDiag.available() && idleCurrentThread0() == 0;
    }

    private static native int idleCurrentThread0();
}
