package dev.udsotel.agent.instrumentation.channel;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.util.Arrays;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import sun.nio.ch.UdsOtelChannelObserver;
import sun.nio.ch.UdsOtelRecorder;

/**
 * sun.nio.ch.SocketChannelImpl: every way bytes cross a connected channel, plus connect, shutdown and close.
 * The UNIX check is one compare of the channel's final {@code family} field; INET channels do nothing more.
 */
public final class SocketChannelInstrumentation {
    public static final String TYPE = "sun.nio.ch.SocketChannelImpl";

    private SocketChannelInstrumentation() {}

    /** JDK 25 wraps read/write in JFR event methods around private implRead/implWrite; advise the inner ones. */
    public static AsmVisitorWrapper advice(Class<?> socketChannelImpl) {
        boolean split = Arrays.stream(socketChannelImpl.getDeclaredMethods())
                .anyMatch(m -> m.getName().equals("implRead"));
        String read = split ? "implRead" : "read";
        String write = split ? "implWrite" : "write";
        return new AsmVisitorWrapper.Compound(
                Advice.to(ReadAdvice.class).on(named(read).and(takesArguments(ByteBuffer.class))),
                Advice.to(WriteAdvice.class).on(named(write).and(takesArguments(ByteBuffer.class))),
                Advice.to(ScatterGatherAdvice.Read.class)
                        .on(named(read).and(takesArguments(ByteBuffer[].class, int.class, int.class))),
                Advice.to(ScatterGatherAdvice.Write.class)
                        .on(named(write).and(takesArguments(ByteBuffer[].class, int.class, int.class))),
                Advice.to(BlockingReadAdvice.class)
                        .on(named("blockingRead").and(takesArguments(byte[].class, int.class, int.class, long.class))),
                Advice.to(BlockingWriteAdvice.class)
                        .on(named("blockingWriteFully").and(takesArguments(byte[].class, int.class, int.class))),
                Advice.to(ConnectAdvice.class).on(named("connect").and(takesArguments(SocketAddress.class))),
                Advice.to(FinishConnectAdvice.class).on(named("finishConnect").and(takesArguments(0))),
                Advice.to(ShutdownInputAdvice.class).on(named("shutdownInput").and(takesArguments(0))),
                Advice.to(ShutdownOutputAdvice.class).on(named("shutdownOutput").and(takesArguments(0))),
                Advice.to(CloseAdvice.class)
                        .on(named("implCloseSelectableChannel").and(takesArguments(0))));
    }

    public static final class ReadAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(
                @Advice.This Object channel,
                @Advice.FieldValue("family") ProtocolFamily family,
                @Advice.Argument(0) ByteBuffer buffer,
                @Advice.Return int bytes) {
            if (bytes > 0 && family == StandardProtocolFamily.UNIX) {
                UdsOtelChannelObserver observer = UdsOtelRecorder.observer;
                if (observer != null) {
                    observer.onBuffer(channel, false, buffer, bytes, UdsOtelRecorder.NOT_OBSERVED);
                }
            }
        }
    }

    public static final class WriteAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.FieldValue("family") ProtocolFamily family) {
            return family == StandardProtocolFamily.UNIX ? System.nanoTime() : UdsOtelRecorder.NOT_OBSERVED;
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(
                @Advice.This Object channel,
                @Advice.Enter long start,
                @Advice.Argument(0) ByteBuffer buffer,
                @Advice.Return int bytes) {
            if (bytes > 0 && start != UdsOtelRecorder.NOT_OBSERVED) {
                UdsOtelChannelObserver observer = UdsOtelRecorder.observer;
                if (observer != null) {
                    observer.onBuffer(channel, true, buffer, bytes, start);
                }
            }
        }
    }

    public static final class BlockingReadAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(
                @Advice.This Object channel,
                @Advice.FieldValue("family") ProtocolFamily family,
                @Advice.Argument(0) byte[] array,
                @Advice.Argument(1) int offset,
                @Advice.Return int bytes) {
            if (bytes > 0 && family == StandardProtocolFamily.UNIX) {
                UdsOtelChannelObserver observer = UdsOtelRecorder.observer;
                if (observer != null) {
                    observer.onArray(channel, false, array, offset, bytes, UdsOtelRecorder.NOT_OBSERVED);
                }
            }
        }
    }

    public static final class BlockingWriteAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.FieldValue("family") ProtocolFamily family) {
            return family == StandardProtocolFamily.UNIX ? System.nanoTime() : UdsOtelRecorder.NOT_OBSERVED;
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(
                @Advice.This Object channel,
                @Advice.Enter long start,
                @Advice.Argument(0) byte[] array,
                @Advice.Argument(1) int offset,
                @Advice.Argument(2) int length) {
            if (length > 0 && start != UdsOtelRecorder.NOT_OBSERVED) {
                UdsOtelChannelObserver observer = UdsOtelRecorder.observer;
                if (observer != null) {
                    observer.onArray(channel, true, array, offset, length, start);
                }
            }
        }
    }

    public static final class ConnectAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.FieldValue("family") ProtocolFamily family) {
            return family == StandardProtocolFamily.UNIX ? System.nanoTime() : UdsOtelRecorder.NOT_OBSERVED;
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(
                @Advice.This Object channel,
                @Advice.Enter long start,
                @Advice.Argument(0) Object remote,
                @Advice.Return boolean connected,
                @Advice.Thrown Throwable error) {
            if (start != UdsOtelRecorder.NOT_OBSERVED) {
                UdsOtelChannelObserver observer = UdsOtelRecorder.observer;
                if (observer != null) {
                    observer.onConnect(channel, remote, connected, error, start);
                }
            }
        }
    }

    public static final class FinishConnectAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(
                @Advice.This Object channel,
                @Advice.FieldValue("family") ProtocolFamily family,
                @Advice.Return boolean connected,
                @Advice.Thrown Throwable error) {
            if (family == StandardProtocolFamily.UNIX) {
                UdsOtelChannelObserver observer = UdsOtelRecorder.observer;
                if (observer != null) {
                    observer.onFinishConnect(channel, connected, error);
                }
            }
        }
    }

    public static final class ShutdownInputAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object channel, @Advice.FieldValue("family") ProtocolFamily family) {
            if (family == StandardProtocolFamily.UNIX) {
                UdsOtelChannelObserver observer = UdsOtelRecorder.observer;
                if (observer != null) {
                    observer.onShutdown(channel, true);
                }
            }
        }
    }

    public static final class ShutdownOutputAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object channel, @Advice.FieldValue("family") ProtocolFamily family) {
            if (family == StandardProtocolFamily.UNIX) {
                UdsOtelChannelObserver observer = UdsOtelRecorder.observer;
                if (observer != null) {
                    observer.onShutdown(channel, false);
                }
            }
        }
    }

    public static final class CloseAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object channel, @Advice.FieldValue("family") ProtocolFamily family) {
            if (family == StandardProtocolFamily.UNIX) {
                UdsOtelChannelObserver observer = UdsOtelRecorder.observer;
                if (observer != null) {
                    observer.onClose(channel);
                }
            }
        }
    }
}
