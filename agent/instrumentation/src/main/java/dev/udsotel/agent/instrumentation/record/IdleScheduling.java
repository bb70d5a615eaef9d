package dev.udsotel.agent.instrumentation.record;

/**
 * Puts the calling thread in Linux's SCHED_IDLE class, through the agent's JNI library: it then runs only on CPU time
 * no other thread wants, so the export thread never delays the application's own threads. Where the library is not
 * loaded (see {@link SockDiag}), the thread keeps its normal priority.
 */
public final class IdleScheduling {
    private IdleScheduling() {}

    /** Makes the calling thread SCHED_IDLE; its Linux thread id, for {@link #restoreNormal}, or 0 when it stays normal. */
    public static int idleCurrentThread() {
        if (!SockDiag.available()) {
            return 0;
        }
        int tid = currentThreadId0();
        return idleCurrentThread0() == 0 ? tid : 0;
    }

    /**
     * Puts a thread made idle back in the normal class: at exit the export thread must finish its work even on a host
     * whose CPUs are all busy, where an idle thread may not run for seconds.
     */
    public static void restoreNormal(int tid) {
        if (tid > 0) {
            normal0(tid);
        }
    }

    private static native int idleCurrentThread0();

    private static native int currentThreadId0();

    private static native int normal0(int tid);
}
