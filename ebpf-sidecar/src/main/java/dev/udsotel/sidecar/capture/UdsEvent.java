package dev.udsotel.sidecar.capture;

import static dev.udsotel.sidecar.capture.UdsEventLayout.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import dev.udsotel.core.event.Ancillary;
import dev.udsotel.core.event.Credentials;
import dev.udsotel.core.event.Pieces;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * One record from the probe, field for field as in struct uds_event (bpf/uds_event.h).
 *
 * @param kind a {@code UDS_EV_*} constant of {@link UdsEventLayout}
 * @param syscall a {@code UDS_SYS_*} constant
 * @param ret the syscall's return value: bytes moved, the accepted fd, 0, or -errno
 * @param path this socket's address ({@code @name} when abstract, empty when unbound)
 * @param peerPath the peer's address, or an unconnected datagram's destination
 * @param peerUid the peer's effective uid from its credentials, -1 when unknown
 * @param peerGid the peer's effective gid, -1 when unknown
 * @param payload the first bytes moved, at most the configured payload size (on an HTTP/2 connection, the
 *     contiguous start of what the kernel captured frame by frame)
 * @param ancillary the descriptors (counted, the first described) and credentials a message carried
 * @param pieces what an HTTP/2 record ({@code UDS_F_PIECES}) captured past the payload, else {@link Pieces#NONE}
 */
public record UdsEvent(
        long startNanos,
        long endNanos,
        long ret,
        long inode,
        long peerInode,
        int pid,
        int tid,
        int uid,
        int peerPid,
        int fd,
        int kind,
        int syscall,
        int direction,
        int socketType,
        int flags,
        int scmRightsFds,
        int arg,
        int peerUid,
        int peerGid,
        String comm,
        String path,
        String peerPath,
        byte[] payload,
        Ancillary ancillary,
        Pieces pieces) {

    /** Copies a ring-buffer record, which is only valid during the callback. */
    public static UdsEvent decode(MemorySegment record) {
        return decode(record, new StringCache());
    }

    /**
     * The header is copied out of the ring in one bulk copy and its fields are read from that array: reading
     * each field from the mapped segment paid the segment's bounds and alignment checks per field, uninlined.
     */
    static UdsEvent decode(MemorySegment record, StringCache strings) {
        if (record.byteSize() < HEADER_SIZE) {
            throw new IllegalArgumentException("record of " + record.byteSize() + " bytes is shorter than the header");
        }
        byte[] h = strings.headerScratch();
        MemorySegment.copy(record, JAVA_BYTE, 0, h, 0, (int) HEADER_SIZE);
        int captured = i32(h, CAPTURED_LEN);
        if (captured < 0 || HEADER_SIZE + captured > record.byteSize()) {
            throw new IllegalArgumentException(
                    "record of " + record.byteSize() + " bytes cannot hold " + captured + " payload bytes");
        }
        int flags = Byte.toUnsignedInt(h[(int) FLAGS]);
        int passed = Byte.toUnsignedInt(h[(int) SCM_RIGHTS_FDS]);
        if ((flags & UDS_F_PIECES) != 0) {
            Runs runs = runs(payload(record, captured), i64(h, RET));
            return decodeHeader(h, flags, 0, strings, runs.prefix(), Ancillary.NONE, runs.pieces());
        }
        return decodeHeader(
                h,
                flags,
                passed,
                strings,
                payload(record, captured),
                ancillary(record, h, captured, flags, passed),
                Pieces.NONE);
    }

    private static UdsEvent decodeHeader(
            byte[] h, int flags, int passed, StringCache strings, byte[] payload, Ancillary ancillary, Pieces pieces) {
        return new UdsEvent(
                i64(h, START_NS),
                i64(h, END_NS),
                i64(h, RET),
                i64(h, INODE),
                i64(h, PEER_INODE),
                i32(h, PID),
                i32(h, TID),
                i32(h, UID),
                i32(h, PEER_PID),
                i32(h, FD),
                u16(h, KIND),
                u16(h, SYSCALL),
                Byte.toUnsignedInt(h[(int) DIRECTION]),
                Byte.toUnsignedInt(h[(int) SOCK_TYPE]),
                flags,
                passed,
                i32(h, ARG),
                i32(h, PEER_UID),
                i32(h, PEER_GID),
                strings.decode(h, (int) COMM, UDS_COMM_LEN),
                socketPath(h, (int) PATH, u16(h, PATH_LEN), strings),
                socketPath(h, (int) PEER_PATH, u16(h, PEER_PATH_LEN), strings),
                payload,
                ancillary,
                pieces);
    }

    /**
     * An HTTP/2 record captured frame by frame: runs of {@code struct uds_run} and their bytes, the first run (of
     * length 0) saying where the call's first frame begins. The run at offset 0 is the payload; the others are pieces.
     */
    private static Runs runs(byte[] area, long ret) {
        if (area.length < RUN_SIZE) {
            throw new IllegalArgumentException("a pieces record of " + area.length + " bytes has no first run");
        }
        long firstFrame = Integer.toUnsignedLong(i32(area, RUN_OFFSET));
        long frameStart = firstFrame < ret ? firstFrame : -1;
        int runs = 0;
        for (int at = (int) RUN_SIZE; at < area.length; runs++) {
            at += (int) RUN_SIZE + runLength(area, at);
        }
        long[] offsets = new long[runs];
        int[] lengths = new int[runs];
        int total = 0;
        for (int i = 0, at = (int) RUN_SIZE; i < runs; i++) {
            offsets[i] = Integer.toUnsignedLong(i32(area, at + RUN_OFFSET));
            lengths[i] = runLength(area, at);
            total += lengths[i];
            at += (int) RUN_SIZE + lengths[i];
        }
        int first = runs > 0 && offsets[0] == 0 ? 1 : 0;
        byte[] prefix = new byte[first == 1 ? lengths[0] : 0];
        byte[] bytes = new byte[total - prefix.length];
        for (int i = 0, at = (int) RUN_SIZE, filled = 0; i < runs; i++) {
            if (i == 0 && first == 1) {
                System.arraycopy(area, at + (int) RUN_SIZE, prefix, 0, prefix.length);
            } else {
                System.arraycopy(area, at + (int) RUN_SIZE, bytes, filled, lengths[i]);
                filled += lengths[i];
            }
            at += (int) RUN_SIZE + lengths[i];
        }
        Pieces pieces = new Pieces(
                java.util.Arrays.copyOfRange(offsets, first, runs),
                java.util.Arrays.copyOfRange(lengths, first, runs),
                bytes,
                frameStart);
        if (pieces.end() > ret) {
            throw new IllegalArgumentException("pieces run past the " + ret + " bytes moved");
        }
        return new Runs(prefix, pieces);
    }

    /** What a frame-by-frame record captured: its contiguous start, and the pieces past it. */
    private record Runs(byte[] prefix, Pieces pieces) {}

    /** A run's length, checked against the bytes that follow it. */
    private static int runLength(byte[] area, int at) {
        if (at + RUN_SIZE > area.length) {
            throw new IllegalArgumentException("a run's header is cut at " + at);
        }
        int length = i32(area, at + RUN_LENGTH);
        if (length <= 0 || at + RUN_SIZE + length > area.length) {
            throw new IllegalArgumentException("a run of " + length + " bytes at " + at + " does not fit the record");
        }
        return length;
    }

    /** Most records carry none: they allocate nothing for it. */
    private static Ancillary ancillary(MemorySegment record, byte[] h, int captured, int flags, int passed) {
        Credentials credentials = (flags & UDS_F_SCM_CREDENTIALS) == 0
                ? null
                : new Credentials(i32(h, CRED_PID), i32(h, CRED_UID), i32(h, CRED_GID));
        if (passed == 0 && credentials == null) {
            return Ancillary.NONE;
        }
        int described = Math.min(Byte.toUnsignedInt(h[(int) FDS_DESCRIBED]), UDS_FDS_DESCRIBED);
        return new Ancillary(passed, PassedFds.decode(record, captured, described), credentials);
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle SHORTS =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.nativeOrder());

    private static long i64(byte[] h, long offset) {
        return (long) LONGS.get(h, (int) offset);
    }

    private static int i32(byte[] h, long offset) {
        return (int) INTS.get(h, (int) offset);
    }

    private static int u16(byte[] h, long offset) {
        return Short.toUnsignedInt((short) SHORTS.get(h, (int) offset));
    }

    /** A plain copy: asSlice(..).toArray(..) allocates a slice and looks up the array class's name per record. */
    private static byte[] payload(MemorySegment record, int captured) {
        byte[] payload = new byte[captured];
        MemorySegment.copy(record, JAVA_BYTE, HEADER_SIZE, payload, 0, captured);
        return payload;
    }

    private static String socketPath(byte[] header, int offset, int length, StringCache strings) {
        int len = Math.min(length, UDS_PATH_LEN);
        if (len == 0) {
            return "";
        }
        return strings.decode(header, offset, len); // an abstract name (leading NUL) is rendered as @name
    }

    /**
     * sun_path as people write it: a pathname up to its NUL, an abstract name (leading NUL) as
     * {@code @name}, an unbound socket as the empty string.
     */
    static String socketPath(byte[] sunPath, int length) {
        return socketPath(sunPath, 0, Math.min(length, sunPath.length), new StringCache());
    }

    public boolean isSend() {
        return kind == UDS_EV_SEND;
    }

    public boolean isReceive() {
        return kind == UDS_EV_RECV;
    }

    /** Lower-case kind name for display: send, recv, connect, accept, shutdown, close, bind, listen, socketpair. */
    public String kindName() {
        return switch (kind) {
            case UDS_EV_SEND -> "send";
            case UDS_EV_RECV -> "recv";
            case UDS_EV_CONNECT -> "connect";
            case UDS_EV_ACCEPT -> "accept";
            case UDS_EV_SHUTDOWN -> "shutdown";
            case UDS_EV_CLOSE -> "close";
            case UDS_EV_BIND -> "bind";
            case UDS_EV_LISTEN -> "listen";
            case UDS_EV_SOCKETPAIR -> "socketpair";
            default -> "kind" + kind;
        };
    }

    /** The syscall's name, such as {@code sendmsg}. */
    public String syscallName() {
        return switch (syscall) {
            case UDS_SYS_WRITE -> "write";
            case UDS_SYS_WRITEV -> "writev";
            case UDS_SYS_SENDTO -> "sendto";
            case UDS_SYS_SENDMSG -> "sendmsg";
            case UDS_SYS_READ -> "read";
            case UDS_SYS_READV -> "readv";
            case UDS_SYS_RECVFROM -> "recvfrom";
            case UDS_SYS_RECVMSG -> "recvmsg";
            case UDS_SYS_CONNECT -> "connect";
            case UDS_SYS_ACCEPT -> "accept";
            case UDS_SYS_ACCEPT4 -> "accept4";
            case UDS_SYS_BIND -> "bind";
            case UDS_SYS_LISTEN -> "listen";
            case UDS_SYS_SHUTDOWN -> "shutdown";
            case UDS_SYS_CLOSE -> "close";
            case UDS_SYS_SOCKETPAIR -> "socketpair";
            case UDS_SYS_SENDMMSG -> "sendmmsg";
            case UDS_SYS_RECVMMSG -> "recvmmsg";
            case UDS_SYS_SENDFILE -> "sendfile";
            case UDS_SYS_SPLICE -> "splice";
            default -> "syscall" + syscall;
        };
    }

    public boolean carriesCredentials() {
        return (flags & UDS_F_SCM_CREDENTIALS) != 0;
    }

    /** The inode pair shared by both ends, lower first, or this end's inode while the peer is unknown. */
    public String connectionId() {
        if (inode != 0 && peerInode != 0) {
            return Math.min(inode, peerInode) + "-" + Math.max(inode, peerInode);
        }
        return Long.toString(inode);
    }
}
