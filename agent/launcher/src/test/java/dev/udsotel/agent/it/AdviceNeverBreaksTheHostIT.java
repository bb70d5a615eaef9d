package dev.udsotel.agent.it;

import static dev.udsotel.agent.it.TracedJvm.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.agent.it.workload.HostFaultsWorkload;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpReceiver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Channel calls that fail (closed under a blocked read or write, interrupted, used after close, given bad arguments)
 * fail for the application exactly as they do without the agent: same exception, same message, same channel state,
 * same interrupt flag, same bytes at the peer.
 */
class AdviceNeverBreaksTheHostIT {

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void failingChannelCallsFailTheSameWayWithTheAgent(int jdk) {
        String untraced = TracedJvm.untraced(
                        jdk,
                        HostFaultsWorkload.class,
                        TracedJvm.socketDirectory().toString())
                .run(WAIT)
                .assertSuccess()
                .stdout();
        String traced;
        try (OtlpReceiver receiver = OtlpReceiver.start();
                ChildProcess app = TracedJvm.traced(
                                jdk,
                                receiver,
                                HostFaultsWorkload.class,
                                TracedJvm.socketDirectory().toString())
                        .start()) {
            assertEquals(0, app.waitFor(WAIT), app.output());
            traced = app.stdout();
            // the agent really watched these channels: their connects and accepts arrived as spans
            assertTrue(receiver.spans().stream().anyMatch(span -> span.name().startsWith("connect ")), app.output());
        }
        assertTrue(untraced.endsWith("done\n"), untraced);
        // the scenarios hit the failures they are about; only then does comparing them mean something
        for (String expected : new String[] {
            "close-during-read: threw java.nio.channels.AsynchronousCloseException",
            "close-during-write: threw java.nio.channels.AsynchronousCloseException",
            "interrupt-during-read: threw java.nio.channels.ClosedByInterruptException; interrupted true",
            "interrupt-during-write: threw java.nio.channels.ClosedByInterruptException; interrupted true"
        }) {
            assertTrue(untraced.contains(expected), expected + " in\n" + untraced);
        }
        assertTrue(untraced.contains("read-after-close: threw java.nio.channels.ClosedChannelException"), untraced);
        assertEquals(untraced, traced);
    }
}
