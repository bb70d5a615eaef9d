package dev.udsotel.agent.it;

import static dev.udsotel.agent.it.TracedJvm.ARRIVAL;
import static dev.udsotel.agent.it.TracedJvm.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.agent.it.workload.AcceptWaitWorkload;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.ReceivedSpan;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Accept and connect spans measure the handshake, not the time a server spent waiting for a client. */
class HandshakeIT {
    private static final Pattern ACCEPT_CALL = Pattern.compile("accept\\(\\) call lasted (\\d+) ms");

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(ints = {17, 25})
    void theAcceptSpanOfAServerThatWaitedForItsClientStartsOnlyOnceTheClientConnects(int jdk) {
        Path socket = TracedJvm.socketDirectory().resolve("wait.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start();
                ChildProcess app = TracedJvm.traced(jdk, receiver, AcceptWaitWorkload.class, socket.toString())
                        .start()) {
            assertEquals(0, app.waitFor(WAIT), app.output());
            Matcher call = ACCEPT_CALL.matcher(app.stdout());
            assertTrue(call.find(), app.output());
            List<ReceivedSpan> accepts = receiver.awaitSpans(ReceivedSpan.named("accept " + socket), 1, ARRIVAL);
            List<ReceivedSpan> connects = receiver.awaitSpans(ReceivedSpan.named("connect " + socket), 1, ARRIVAL);
            String all = ReceivedSpan.describeAll(receiver.spans());
            assertEquals(1, accepts.size(), all);
            assertEquals(1, connects.size(), all);
            ReceivedSpan accept = accepts.get(0);
            ReceivedSpan connect = connects.get(0);
            System.out.printf(
                    "JDK %d: accept() blocked %s ms; accept span %.3f ms, connect span %.3f ms%n",
                    jdk, call.group(1), accept.durationNanos() / 1e6, connect.durationNanos() / 1e6);
            // the application's accept() call held the wait: the scenario happened
            assertTrue(Long.parseLong(call.group(1)) >= 2_000, app.output());
            // causal, not timed: the kernel hands a connection over only after the client began to connect, so a
            // span that held the wait would begin two seconds before the client's connect span
            assertTrue(accept.startEpochNanos() >= connect.startEpochNanos(), all);
            assertTrue(accept.endEpochNanos() >= accept.startEpochNanos(), all);
        }
    }
}
