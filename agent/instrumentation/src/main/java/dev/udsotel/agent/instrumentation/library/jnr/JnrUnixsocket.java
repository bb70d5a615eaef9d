package dev.udsotel.agent.instrumentation.library.jnr;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.udsotel.agent.instrumentation.library.Library;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * jnr-unixsocket (older Docker clients, JRuby): its channels extend java.nio's SocketChannel but move bytes through
 * jnr-ffi calls of their own, which java.nio's advice never sees. Advised at its channel layer, the last place that
 * knows the channel: reads and writes of one buffer (its socket streams go through them), of several (counted, not
 * copied), connect, accept, shutdown and close. It has no other family than AF_UNIX, so there is no check to make.
 */
public final class JnrUnixsocket implements Library {
    private static final String PACKAGE = "jnr.unixsocket.";
    private static final String CHANNEL = PACKAGE + "impl.AbstractNativeSocketChannel";
    private static final String ADVICE = JnrUnixsocketAdvice.class.getName() + "$";

    @Override
    public String name() {
        return "jnr-unixsocket";
    }

    @Override
    public String versionMarker() {
        return "jnr/unixsocket/UnixSocketChannel.class";
    }

    @Override
    public List<Advised> advised() {
        return List.of(
                new Advised(
                        CHANNEL,
                        ADVICE + "Read",
                        named("read").and(takesArguments(ByteBuffer.class)).and(returns(int.class)),
                        "AbstractNativeSocketChannel.read(ByteBuffer)"),
                new Advised(
                        CHANNEL,
                        ADVICE + "Write",
                        named("write").and(takesArguments(ByteBuffer.class)).and(returns(int.class)),
                        "AbstractNativeSocketChannel.write(ByteBuffer)"),
                new Advised(
                        CHANNEL,
                        ADVICE + "ReadSeveral",
                        named("read").and(takesArguments(ByteBuffer[].class, int.class, int.class)),
                        "AbstractNativeSocketChannel.read(ByteBuffer[], int, int)"),
                new Advised(
                        CHANNEL,
                        ADVICE + "WriteSeveral",
                        named("write").and(takesArguments(ByteBuffer[].class, int.class, int.class)),
                        "AbstractNativeSocketChannel.write(ByteBuffer[], int, int)"),
                new Advised(
                        CHANNEL,
                        ADVICE + "ShutdownInput",
                        named("shutdownInput").and(takesArguments(0)),
                        "AbstractNativeSocketChannel.shutdownInput()"),
                new Advised(
                        CHANNEL,
                        ADVICE + "ShutdownOutput",
                        named("shutdownOutput").and(takesArguments(0)),
                        "AbstractNativeSocketChannel.shutdownOutput()"),
                new Advised(
                        CHANNEL,
                        ADVICE + "Close",
                        named("implCloseSelectableChannel").and(takesArguments(0)),
                        "AbstractNativeSocketChannel.implCloseSelectableChannel()"),
                new Advised(
                        PACKAGE + "UnixSocketChannel",
                        ADVICE + "Connect",
                        named("connect")
                                .and(takesArguments(1))
                                .and(takesArgument(0, named(PACKAGE + "UnixSocketAddress"))),
                        "UnixSocketChannel.connect(UnixSocketAddress)"),
                new Advised(
                        PACKAGE + "UnixServerSocketChannel",
                        ADVICE + "Accept",
                        named("accept").and(takesArguments(0)),
                        "UnixServerSocketChannel.accept()"));
    }

    @Override
    public List<Member> referenced() {
        return List.of(
                new Member(
                        PACKAGE + "UnixServerSocketChannel",
                        named("getLocalSocketAddress").and(takesArguments(0)),
                        null,
                        "UnixServerSocketChannel.getLocalSocketAddress()"),
                new Member(CHANNEL, named("getFD").and(takesArguments(0)), null, "AbstractNativeSocketChannel.getFD()"),
                new Member(
                        PACKAGE + "UnixSocketChannel",
                        named("getOption").and(takesArguments(1)),
                        null,
                        "UnixSocketChannel.getOption(SocketOption)"),
                new Member(PACKAGE + "UnixSocketOptions", null, "SO_PEERCRED", "UnixSocketOptions.SO_PEERCRED"),
                new Member(
                        PACKAGE + "Credentials", named("getPid").and(takesArguments(0)), null, "Credentials.getPid()"),
                new Member(
                        PACKAGE + "UnixSocketAddress",
                        named("path").and(takesArguments(0)),
                        null,
                        "UnixSocketAddress.path()"));
    }
}
