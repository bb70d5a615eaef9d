package dev.udsotel.agent.instrumentation.library.jnr;

import dev.udsotel.agent.bridge.UdsOtelSocketObserver;
import dev.udsotel.agent.bridge.UdsOtelSockets;
import java.nio.ByteBuffer;
import jnr.unixsocket.UnixServerSocketChannel;
import jnr.unixsocket.UnixSocketAddress;
import net.bytebuddy.asm.Advice;

/** The advice {@link JnrUnixsocket} builds into jnr-unixsocket's channels; inlined there, so it sees jnr's types. */
public final class JnrUnixsocketAdvice {
    private JnrUnixsocketAdvice() {}

    /** {@code read(ByteBuffer)}: the bytes read lie just before the buffer's new position. */
    public static final class Read {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object channel, @Advice.Argument(0) ByteBuffer buffer, @Advice.Return int bytes) {
            UdsOtelSocketObserver observer = UdsOtelSockets.jnrUnixsocket;
            if (bytes > 0 && observer != null) {
                observer.onBytes(channel, false, buffer, buffer.position() - bytes, bytes, UdsOtelSockets.NOT_OBSERVED);
            }
        }
    }

    /** {@code write(ByteBuffer)}: the bytes written lie just before the buffer's new position. */
    public static final class Write {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return System.nanoTime();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(
                @Advice.This Object channel,
                @Advice.Enter long start,
                @Advice.Argument(0) ByteBuffer buffer,
                @Advice.Return int bytes) {
            UdsOtelSocketObserver observer = UdsOtelSockets.jnrUnixsocket;
            if (bytes > 0 && observer != null) {
                observer.onBytes(channel, true, buffer, buffer.position() - bytes, bytes, start);
            }
        }
    }

    /** {@code read(ByteBuffer[], int, int)}: counted; its bytes are spread over buffers, and not copied. */
    public static final class ReadSeveral {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object channel, @Advice.Return long bytes) {
            UdsOtelSocketObserver observer = UdsOtelSockets.jnrUnixsocket;
            if (bytes > 0 && observer != null) {
                observer.onBytes(channel, false, null, 0, bytes, UdsOtelSockets.NOT_OBSERVED);
            }
        }
    }

    /** {@code write(ByteBuffer[], int, int)}: counted, not copied. */
    public static final class WriteSeveral {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return System.nanoTime();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object channel, @Advice.Enter long start, @Advice.Return long bytes) {
            UdsOtelSocketObserver observer = UdsOtelSockets.jnrUnixsocket;
            if (bytes > 0 && observer != null) {
                observer.onBytes(channel, true, null, 0, bytes, start);
            }
        }
    }

    /** {@code UnixSocketChannel.connect(UnixSocketAddress)}; false while a non-blocking connect is pending. */
    public static final class Connect {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return System.nanoTime();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(
                @Advice.This Object channel,
                @Advice.Argument(0) UnixSocketAddress remote,
                @Advice.Enter long start,
                @Advice.Return boolean connected,
                @Advice.Thrown Throwable error) {
            UdsOtelSocketObserver observer = UdsOtelSockets.jnrUnixsocket;
            if (observer != null) {
                observer.onConnect(channel, remote, connected, error, start);
            }
        }
    }

    /** {@code UnixServerSocketChannel.accept()}: null when a non-blocking accept found nobody. */
    public static final class Accept {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return System.nanoTime();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(
                @Advice.This UnixServerSocketChannel server, @Advice.Enter long start, @Advice.Return Object accepted) {
            UdsOtelSocketObserver observer = UdsOtelSockets.jnrUnixsocket;
            if (observer != null && accepted != null) {
                observer.onAccept(accepted, server.getLocalSocketAddress(), start);
            }
        }
    }

    /** {@code shutdownInput()}. */
    public static final class ShutdownInput {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object channel) {
            UdsOtelSocketObserver observer = UdsOtelSockets.jnrUnixsocket;
            if (observer != null) {
                observer.onShutdown(channel, true);
            }
        }
    }

    /** {@code shutdownOutput()}. */
    public static final class ShutdownOutput {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object channel) {
            UdsOtelSocketObserver observer = UdsOtelSockets.jnrUnixsocket;
            if (observer != null) {
                observer.onShutdown(channel, false);
            }
        }
    }

    /** {@code implCloseSelectableChannel()}. */
    public static final class Close {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object channel) {
            UdsOtelSocketObserver observer = UdsOtelSockets.jnrUnixsocket;
            if (observer != null) {
                observer.onClose(channel);
            }
        }
    }
}
