package dev.udsotel.agent.instrumentation.channel;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import sun.nio.ch.UdsOtelChannelObserver;
import sun.nio.ch.UdsOtelRecorder;

/** sun.nio.ch.ServerSocketChannelImpl: accept() on a UNIX listener opens the server side of a conversation. */
public final class ServerSocketChannelInstrumentation {
    public static final String TYPE = "sun.nio.ch.ServerSocketChannelImpl";

    private ServerSocketChannelInstrumentation() {}

    public static AsmVisitorWrapper advice() {
        return Advice.to(AcceptAdvice.class).on(named("accept").and(takesArguments(0)));
    }

    public static final class AcceptAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.FieldValue("family") ProtocolFamily family) {
            return family == StandardProtocolFamily.UNIX ? System.nanoTime() : UdsOtelRecorder.NOT_OBSERVED;
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.This Object server, @Advice.Enter long start, @Advice.Return Object accepted,
                @Advice.Thrown Throwable error) {
            if (start != UdsOtelRecorder.NOT_OBSERVED && (accepted != null || error != null)) {
                UdsOtelChannelObserver observer = UdsOtelRecorder.observer;
                if (observer != null) {
                    observer.onAccept(server, accepted, error, start);
                }
            }
        }
    }
}
