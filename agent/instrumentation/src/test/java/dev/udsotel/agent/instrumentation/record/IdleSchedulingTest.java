package dev.udsotel.agent.instrumentation.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The export thread's scheduling class, read back from /proc: idle while it runs, normal again once exit asks. */
class IdleSchedulingTest {
    private static final int SCHED_OTHER = 0;
    private static final int SCHED_IDLE = 5;

    @Test
    void aThreadMadeIdleIsPutBackInTheNormalClassByAnotherThread() throws Exception {
        assertTrue(SockDiag.available(), "the agent's JNI library loads from target/classes/native");
        CompletableFuture<Integer> idleThread = new CompletableFuture<>();
        CountDownLatch checked = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            idleThread.complete(IdleScheduling.idleCurrentThread());
            try {
                checked.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        worker.start();
        int tid = idleThread.get(30, TimeUnit.SECONDS);
        try {
            assertTrue(tid > 0, "the thread became SCHED_IDLE");
            assertEquals(SCHED_IDLE, policyOf(tid));
            IdleScheduling.restoreNormal(tid);
            assertEquals(SCHED_OTHER, policyOf(tid));
        } finally {
            checked.countDown();
            worker.join();
        }
    }

    /** Field 41 of /proc/self/task/TID/stat. */
    private static int policyOf(int tid) throws Exception {
        String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[41 - 3]);
    }
}
