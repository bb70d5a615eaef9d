package dev.udsotel.agent.instrumentation.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.event.SocketType;
import org.junit.jupiter.api.Test;

class ChannelStateTest {
    private static final int PREVIEW = 256;
    private static final long IDLE_GAP = 1_000_000_000L;

    private final ChannelState state = new ChannelState(
            new Connection(
                    1, "/tmp/client.sock", Role.CLIENT, SocketType.STREAM, new ProcessIdentity(1, "java", "t", null)),
            PREVIEW,
            IDLE_GAP,
            true);

    /** One call's steps in the recorder's order, on the thread that runs it. */
    private int claimOnAnotherThread(boolean outbound, long now, long bytes) throws InterruptedException {
        int[] taken = new int[1];
        Thread call = new Thread(() -> {
            state.shedsThisCall(state.opensExchange(outbound, now), false, 1);
            taken[0] = state.claimCapture(bytes, outbound);
        });
        call.start();
        call.join();
        return taken[0];
    }

    /**
     * Seen under load with a Jetty client, which writes on its own thread and reads on a selector: the writer was
     * preempted between its run check and its claim, the answer was read and recorded meanwhile, and the request
     * was exported with no preview at all.
     */
    @Test
    void aReadRecordedInTheMiddleOfAWriteOnAnotherThreadLeavesTheWriteItsPreview() throws Exception {
        assertEquals(91, claimOnAnotherThread(true, 1_000, 91), "the first request");
        assertEquals(PREVIEW, claimOnAnotherThread(false, 2_000, 732), "its response, read on another thread");

        state.shedsThisCall(state.opensExchange(true, 3_000), false, 1); // the next write checks its run...
        assertEquals(PREVIEW, claimOnAnotherThread(false, 4_000, 732), "...its answer is recorded first...");
        assertEquals(92, state.claimCapture(92, true), "...and the write still copies its own bytes");
    }

    @Test
    void aMessageWrittenInSeveralCallsSharesOnePreviewBudget() throws Exception {
        state.opensExchange(true, 1_000);
        assertEquals(200, state.claimCapture(200, true));
        state.opensExchange(true, 2_000);
        assertEquals(PREVIEW - 200, state.claimCapture(200, true));
        state.opensExchange(true, 3_000);
        assertEquals(0, state.claimCapture(200, true));
        state.opensExchange(false, 4_000);
        assertEquals(PREVIEW, state.claimCapture(1_000, false), "the answer has a budget of its own");
    }
}
