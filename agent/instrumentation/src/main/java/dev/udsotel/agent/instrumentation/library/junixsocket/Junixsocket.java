package dev.udsotel.agent.instrumentation.library.junixsocket;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.udsotel.agent.instrumentation.library.Library;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * junixsocket (its own JNI library, under pgjdbc's, MySQL's, MariaDB's and Jedis's socket factories), at the Java
 * side of its native calls: the socket streams' reads and writes, the reads and writes its channels go through,
 * connect, accept, shutdown and close of AF_UNIX sockets.
 */
public final class Junixsocket implements Library {
    private static final String PACKAGE = "org.newsclub.net.unix.";
    private static final String IMPL = PACKAGE + "AFSocketImpl";
    private static final String ADVICE = PACKAGE + "UdsOtelJunixsocketAdvice$";

    @Override
    public String name() {
        return "junixsocket";
    }

    @Override
    public String versionMarker() {
        // in every version, so that one without AFSocketImpl (before 2.5) is named too
        return "org/newsclub/net/unix/AFUNIXSocket.class";
    }

    @Override
    public List<Advised> advised() {
        String in = IMPL + "$AFInputStreamImpl";
        String out = IMPL + "$AFOutputStreamImpl";
        return List.of(
                new Advised(
                        IMPL,
                        ADVICE + "Connect",
                        named("connect0").and(takesArguments(2)).and(returns(boolean.class)),
                        "AFSocketImpl.connect0(SocketAddress, int)"),
                new Advised(
                        IMPL,
                        ADVICE + "Accept",
                        named("accept0").and(takesArguments(1)).and(returns(boolean.class)),
                        "AFSocketImpl.accept0(SocketImpl)"),
                new Advised(
                        IMPL,
                        ADVICE + "ChannelRead",
                        named("read").and(takesArguments(ByteBuffer.class, ByteBuffer.class)),
                        "AFSocketImpl.read(ByteBuffer, ByteBuffer)"),
                new Advised(
                        IMPL,
                        ADVICE + "ChannelWrite",
                        named("write").and(takesArguments(ByteBuffer.class)),
                        "AFSocketImpl.write(ByteBuffer)"),
                new Advised(
                        IMPL,
                        ADVICE + "ShutdownInput",
                        named("shutdownInput").and(takesArguments(0)),
                        "AFSocketImpl.shutdownInput()"),
                new Advised(
                        IMPL,
                        ADVICE + "ShutdownOutput",
                        named("shutdownOutput").and(takesArguments(0)),
                        "AFSocketImpl.shutdownOutput()"),
                new Advised(IMPL, ADVICE + "Close", named("close").and(takesArguments(0)), "AFSocketImpl.close()"),
                new Advised(
                        in,
                        ADVICE + "StreamRead",
                        named("read").and(takesArguments(byte[].class, int.class, int.class)),
                        "AFInputStreamImpl.read(byte[], int, int)"),
                new Advised(
                        in,
                        ADVICE + "StreamReadByte",
                        named("read").and(takesArguments(0)),
                        "AFInputStreamImpl.read()"),
                new Advised(
                        out,
                        ADVICE + "StreamWrite",
                        named("write").and(takesArguments(byte[].class, int.class, int.class)),
                        "AFOutputStreamImpl.write(byte[], int, int)"),
                new Advised(
                        out,
                        ADVICE + "StreamWriteByte",
                        named("write").and(takesArguments(int.class)),
                        "AFOutputStreamImpl.write(int)"));
    }

    @Override
    public List<Member> referenced() {
        return List.of(
                new Member(IMPL + "$AFInputStreamImpl", null, "this$0", "AFInputStreamImpl's outer socket"),
                new Member(IMPL + "$AFOutputStreamImpl", null, "this$0", "AFOutputStreamImpl's outer socket"),
                new Member(
                        IMPL,
                        named("getLocalSocketAddress").and(takesArguments(0)),
                        null,
                        "AFSocketImpl.getLocalSocketAddress()"),
                new Member(
                        IMPL,
                        named("getFileDescriptor").and(takesArguments(0)),
                        null,
                        "AFSocketImpl.getFileDescriptor()"),
                new Member(
                        PACKAGE + "AFUNIXSocketImpl",
                        named("getPeerCredentials").and(takesArguments(0)),
                        null,
                        "AFUNIXSocketImpl.getPeerCredentials()"),
                new Member(
                        PACKAGE + "AFUNIXSocketAddress",
                        named("getPath").and(takesArguments(0)),
                        null,
                        "AFUNIXSocketAddress.getPath()"));
    }
}
