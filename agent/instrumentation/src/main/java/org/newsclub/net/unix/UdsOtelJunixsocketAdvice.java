package org.newsclub.net.unix;

import dev.udsotel.agent.bridge.UdsOtelSocketObserver;
import dev.udsotel.agent.bridge.UdsOtelSockets;
import java.net.SocketAddress;
import java.net.SocketImpl;
import java.nio.ByteBuffer;
import net.bytebuddy.asm.Advice;

/**
 * The advice the agent builds into junixsocket's socket classes. It is compiled in junixsocket's package because,
 * inlined there, it uses package-private members ({@code AFUNIXSocketImpl}, the stream classes' outer socket). The
 * agent never loads this class: it reads it as a class file. Every check is {@code instanceof AFUNIXSocketImpl}, so
 * junixsocket's other families (TIPC, VSOCK) go no further.
 */
public final class UdsOtelJunixsocketAdvice {
    private UdsOtelJunixsocketAdvice() {}

    /** {@code AFSocketImpl.connect0(SocketAddress, int)}. */
    public static final class Connect {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return System.nanoTime();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(
                @Advice.This Object socket,
                @Advice.Argument(0) SocketAddress remote,
                @Advice.Enter long start,
                @Advice.Return boolean connected,
                @Advice.Thrown Throwable error) {
            if (socket instanceof AFUNIXSocketImpl) {
                UdsOtelSocketObserver observer = UdsOtelSockets.junixsocket;
                if (observer != null) {
                    observer.onConnect(socket, remote, connected, error, start);
                }
            }
        }
    }

    /** {@code AFSocketImpl.accept0(SocketImpl)}: the argument is the accepted socket's implementation. */
    public static final class Accept {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return System.nanoTime();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(
                @Advice.This AFSocketImpl<?> server,
                @Advice.Argument(0) SocketImpl accepted,
                @Advice.Enter long start,
                @Advice.Return boolean success) {
            if (success && server instanceof AFUNIXSocketImpl) {
                UdsOtelSocketObserver observer = UdsOtelSockets.junixsocket;
                if (observer != null) {
                    observer.onAccept(accepted, server.getLocalSocketAddress(), start);
                }
            }
        }
    }

    /** {@code AFInputStreamImpl.read(byte[], int, int)}. */
    public static final class StreamRead {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(
                @Advice.FieldValue("this$0") Object socket,
                @Advice.Argument(0) byte[] array,
                @Advice.Argument(1) int offset,
                @Advice.Return int bytes) {
            if (bytes > 0 && socket instanceof AFUNIXSocketImpl) {
                UdsOtelSocketObserver observer = UdsOtelSockets.junixsocket;
                if (observer != null) {
                    observer.onBytes(socket, false, array, offset, bytes, UdsOtelSockets.NOT_OBSERVED);
                }
            }
        }
    }

    /** {@code AFInputStreamImpl.read()}: one byte, whose value is not kept. */
    public static final class StreamReadByte {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.FieldValue("this$0") Object socket, @Advice.Return int value) {
            if (value >= 0 && socket instanceof AFUNIXSocketImpl) {
                UdsOtelSocketObserver observer = UdsOtelSockets.junixsocket;
                if (observer != null) {
                    observer.onBytes(socket, false, null, 0, 1, UdsOtelSockets.NOT_OBSERVED);
                }
            }
        }
    }

    /** {@code AFOutputStreamImpl.write(byte[], int, int)}: it returns once every byte is written. */
    public static final class StreamWrite {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.FieldValue("this$0") Object socket) {
            return socket instanceof AFUNIXSocketImpl ? System.nanoTime() : UdsOtelSockets.NOT_OBSERVED;
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(
                @Advice.FieldValue("this$0") Object socket,
                @Advice.Enter long start,
                @Advice.Argument(0) byte[] array,
                @Advice.Argument(1) int offset,
                @Advice.Argument(2) int length) {
            if (length > 0 && start != UdsOtelSockets.NOT_OBSERVED) {
                UdsOtelSocketObserver observer = UdsOtelSockets.junixsocket;
                if (observer != null) {
                    observer.onBytes(socket, true, array, offset, length, start);
                }
            }
        }
    }

    /** {@code AFOutputStreamImpl.write(int)}: one byte. */
    public static final class StreamWriteByte {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.FieldValue("this$0") Object socket) {
            return socket instanceof AFUNIXSocketImpl ? System.nanoTime() : UdsOtelSockets.NOT_OBSERVED;
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.FieldValue("this$0") Object socket, @Advice.Enter long start) {
            if (start != UdsOtelSockets.NOT_OBSERVED) {
                UdsOtelSocketObserver observer = UdsOtelSockets.junixsocket;
                if (observer != null) {
                    observer.onBytes(socket, true, null, 0, 1, start);
                }
            }
        }
    }

    /** {@code AFSocketImpl.read(ByteBuffer, ByteBuffer)}, which AFSocketChannel reads through. */
    public static final class ChannelRead {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object socket, @Advice.Argument(0) ByteBuffer buffer, @Advice.Return int bytes) {
            if (bytes > 0 && socket instanceof AFUNIXSocketImpl) {
                UdsOtelSocketObserver observer = UdsOtelSockets.junixsocket;
                if (observer != null) {
                    observer.onBytes(
                            socket, false, buffer, buffer.position() - bytes, bytes, UdsOtelSockets.NOT_OBSERVED);
                }
            }
        }
    }

    /** {@code AFSocketImpl.write(ByteBuffer)}, which AFSocketChannel writes through. */
    public static final class ChannelWrite {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter(@Advice.This Object socket) {
            return socket instanceof AFUNIXSocketImpl ? System.nanoTime() : UdsOtelSockets.NOT_OBSERVED;
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(
                @Advice.This Object socket,
                @Advice.Enter long start,
                @Advice.Argument(0) ByteBuffer buffer,
                @Advice.Return int bytes) {
            if (bytes > 0 && start != UdsOtelSockets.NOT_OBSERVED) {
                UdsOtelSocketObserver observer = UdsOtelSockets.junixsocket;
                if (observer != null) {
                    observer.onBytes(socket, true, buffer, buffer.position() - bytes, bytes, start);
                }
            }
        }
    }

    /** {@code AFSocketImpl.shutdownInput()} and {@code shutdownOutput()}. */
    public static final class ShutdownInput {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object socket) {
            UdsOtelSocketObserver observer = UdsOtelSockets.junixsocket;
            if (observer != null && socket instanceof AFUNIXSocketImpl) {
                observer.onShutdown(socket, true);
            }
        }
    }

    public static final class ShutdownOutput {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object socket) {
            UdsOtelSocketObserver observer = UdsOtelSockets.junixsocket;
            if (observer != null && socket instanceof AFUNIXSocketImpl) {
                observer.onShutdown(socket, false);
            }
        }
    }

    /** {@code AFSocketImpl.close()}. */
    public static final class Close {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object socket) {
            UdsOtelSocketObserver observer = UdsOtelSockets.junixsocket;
            if (observer != null && socket instanceof AFUNIXSocketImpl) {
                observer.onClose(socket);
            }
        }
    }
}
