package dev.udsotel.agent.instrumentation.library.netty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.udsotel.agent.instrumentation.library.Library.Member;
import java.util.ArrayList;
import java.util.List;

/** What the advice of both Netty native transports refers to in Netty's common classes, checked before weaving. */
final class NettyMembers {
    private static final String BYTE_BUF = "io.netty.buffer.ByteBuf";
    private static final String OUTBOUND = "io.netty.channel.ChannelOutboundBuffer";

    private NettyMembers() {}

    /** The shared members, then the transport's own. */
    static List<Member> with(Member... transportOwn) {
        List<Member> members = new ArrayList<>(List.of(
                Member.type("io.netty.channel.unix.DomainSocketChannel"),
                new Member(OUTBOUND, null, "channel", "ChannelOutboundBuffer.channel"),
                new Member(
                        OUTBOUND,
                        named("forEachFlushedMessage").and(takesArguments(1)),
                        null,
                        "ChannelOutboundBuffer.forEachFlushedMessage(MessageProcessor)"),
                new Member(BYTE_BUF, named("readerIndex").and(takesArguments(0)), null, "ByteBuf.readerIndex()"),
                new Member(BYTE_BUF, named("writerIndex").and(takesArguments(0)), null, "ByteBuf.writerIndex()"),
                new Member(
                        BYTE_BUF,
                        named("getBytes").and(takesArguments(int.class, byte[].class, int.class, int.class)),
                        null,
                        "ByteBuf.getBytes(int, byte[], int, int)"),
                new Member(
                        "io.netty.channel.unix.UnixChannel",
                        named("fd").and(takesArguments(0)),
                        null,
                        "UnixChannel.fd()"),
                new Member(
                        "io.netty.channel.unix.FileDescriptor",
                        named("intValue").and(takesArguments(0)),
                        null,
                        "FileDescriptor.intValue()"),
                new Member(
                        "io.netty.channel.unix.DomainSocketAddress",
                        named("path").and(takesArguments(0)),
                        null,
                        "DomainSocketAddress.path()")));
        members.addAll(List.of(transportOwn));
        return List.copyOf(members);
    }
}
