package dev.udsotel.agent.instrumentation.channel;

import static net.bytebuddy.matcher.ElementMatchers.named;

import java.nio.channels.FileChannel;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import sun.nio.ch.UdsOtelChannelObserver;
import sun.nio.ch.UdsOtelRecorder;

/**
 * sun.nio.ch.FileChannelImpl: transferTo into a socket uses sendfile and never calls the socket's write.
 * Only the sendfile step is advised (JDK 17: transferToDirectlyInternal, JDK 25: transferToSocketChannel), so the
 * fallbacks that do call write are not counted twice. transferFrom a socket reads through the socket's read.
 */
public final class FileChannelInstrumentation {
    public static final String TYPE = "sun.nio.ch.FileChannelImpl";

    private FileChannelInstrumentation() {}

    public static AsmVisitorWrapper advice() {
        return Advice.to(SendfileAdvice.class)
                .on(named("transferToDirectlyInternal").or(named("transferToSocketChannel")));
    }

    public static final class SendfileAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return System.nanoTime();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(
                @Advice.This FileChannel file,
                @Advice.Enter long start,
                @Advice.Argument(0) long position,
                @Advice.Argument(2) Object target,
                @Advice.Return long bytes) {
            if (bytes > 0) {
                UdsOtelChannelObserver observer = UdsOtelRecorder.observer;
                if (observer != null) {
                    observer.onFileTransfer(target, file, position, bytes, start);
                }
            }
        }
    }
}
