package dev.udsotel.agent.instrumentation.channel;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.io.FileDescriptor;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import sun.nio.ch.UdsOtelChannelObserver;
import sun.nio.ch.UdsOtelRecorder;

/**
 * sun.nio.ch.ServerSocketChannelImpl: an accepted UNIX connection opens the server side of a conversation.
 *
 * <p>The accept span measures the handshake, never the wait for a client: it starts in the private
 * {@code finishAccept}, which both accept paths (JDK 17 to 25) call once the kernel has handed the connection over,
 * and ends when the JDK has made the new channel. A failed accept() is reported from accept() itself, from its call.
 */
public final class ServerSocketChannelInstrumentation {
    public static final String TYPE = "sun.nio.ch.ServerSocketChannelImpl";

    private ServerSocketChannelInstrumentation() {}

    public static AsmVisitorWrapper advice() {
        return new AsmVisitorWrapper.Compound(
                Advice.to(FinishAcceptAdvice.class)
                        .on(named("finishAccept").and(takesArguments(FileDescriptor.class, SocketAddress.class))),
                Advice.to(AcceptFailureAdvice.class).on(named("accept").and(takesArguments(0))));
    }

    public static final class FinishAcceptAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.FieldValue("family") ProtocolFamily family) {
            return family == StandardProtocolFamily.UNIX ? System.nanoTime() : UdsOtelRecorder.NOT_OBSERVED;
        }

        /** A failure here also leaves accept(), which reports it. */
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object server, @Advice.Enter long start, @Advice.Return Object accepted) {
            if (start != UdsOtelRecorder.NOT_OBSERVED && accepted != null) {
                UdsOtelChannelObserver observer = UdsOtelRecorder.observer;
                if (observer != null) {
                    observer.onAccept(server, accepted, null, start);
                }
            }
        }
    }

    public static final class AcceptFailureAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.FieldValue("family") ProtocolFamily family) {
            return family == StandardProtocolFamily.UNIX ? System.nanoTime() : UdsOtelRecorder.NOT_OBSERVED;
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.This Object server, @Advice.Enter long start, @Advice.Thrown Throwable error) {
            if (start != UdsOtelRecorder.NOT_OBSERVED && error != null) {
                UdsOtelChannelObserver observer = UdsOtelRecorder.observer;
                if (observer != null) {
                    observer.onAccept(server, null, error, start);
                }
            }
        }
    }
}
