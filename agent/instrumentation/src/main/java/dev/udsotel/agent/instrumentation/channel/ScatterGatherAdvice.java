package dev.udsotel.agent.instrumentation.channel;

import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import net.bytebuddy.asm.Advice;
import sun.nio.ch.UdsOtelChannelObserver;
import sun.nio.ch.UdsOtelRecorder;

/** Scattering reads and gathering writes (what Jetty writes with): buffer positions are remembered before the call. */
public final class ScatterGatherAdvice {
    private ScatterGatherAdvice() {}

    public static final class Read {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(
                @Advice.This Object channel,
                @Advice.FieldValue("family") ProtocolFamily family,
                @Advice.Argument(0) ByteBuffer[] buffers,
                @Advice.Argument(1) int offset,
                @Advice.Argument(2) int length) {
            if (family == StandardProtocolFamily.UNIX) {
                UdsOtelChannelObserver observer = UdsOtelRecorder.observer;
                if (observer != null) {
                    return observer.beforeBuffers(channel, buffers, offset, length);
                }
            }
            return null;
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(
                @Advice.This Object channel,
                @Advice.Enter Object before,
                @Advice.Argument(0) ByteBuffer[] buffers,
                @Advice.Argument(1) int offset,
                @Advice.Argument(2) int length,
                @Advice.Return long bytes) {
            if (bytes > 0 && before != null) {
                UdsOtelChannelObserver observer = UdsOtelRecorder.observer;
                if (observer != null) {
                    observer.onBuffers(
                            channel, false, buffers, offset, length, before, bytes, UdsOtelRecorder.NOT_OBSERVED);
                }
            }
        }
    }

    public static final class Write {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(
                @Advice.This Object channel,
                @Advice.FieldValue("family") ProtocolFamily family,
                @Advice.Argument(0) ByteBuffer[] buffers,
                @Advice.Argument(1) int offset,
                @Advice.Argument(2) int length,
                @Advice.Local("start") long start) {
            if (family == StandardProtocolFamily.UNIX) {
                UdsOtelChannelObserver observer = UdsOtelRecorder.observer;
                if (observer != null) {
                    start = System.nanoTime();
                    return observer.beforeBuffers(channel, buffers, offset, length);
                }
            }
            return null;
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(
                @Advice.This Object channel,
                @Advice.Enter Object before,
                @Advice.Argument(0) ByteBuffer[] buffers,
                @Advice.Argument(1) int offset,
                @Advice.Argument(2) int length,
                @Advice.Return long bytes,
                @Advice.Local("start") long start) {
            if (bytes > 0 && before != null) {
                UdsOtelChannelObserver observer = UdsOtelRecorder.observer;
                if (observer != null) {
                    observer.onBuffers(channel, true, buffers, offset, length, before, bytes, start);
                }
            }
        }
    }
}
