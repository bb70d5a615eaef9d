package dev.udsotel.sidecar.capture;

import static dev.udsotel.sidecar.capture.UdsEventLayout.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import dev.udsotel.core.event.PassedDescriptor;
import dev.udsotel.core.event.PassedDescriptor.Type;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The struct uds_fd_info records after a record's payload: what each passed descriptor is. */
final class PassedFds {
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    private static final int S_IFMT = 0170000;

    private PassedFds() {}

    /** Where the first descriptor starts: after the payload, at the next multiple of 8. */
    static long tailOffset(int captured) {
        return (HEADER_SIZE + captured + 7) & ~7L;
    }

    static List<PassedDescriptor> decode(MemorySegment record, int captured, int count) {
        if (count == 0) {
            return List.of(); // the record then ends with its payload, unpadded
        }
        long tail = tailOffset(captured);
        if (tail + count * FD_INFO_SIZE > record.byteSize()) {
            throw new IllegalArgumentException("record of " + record.byteSize() + " bytes cannot hold " + count
                    + " descriptors after " + captured + " payload bytes");
        }
        List<PassedDescriptor> described = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            described.add(descriptor(record.asSlice(tail + i * FD_INFO_SIZE, FD_INFO_SIZE)));
        }
        return described;
    }

    private static PassedDescriptor descriptor(MemorySegment info) {
        int mode = Short.toUnsignedInt(info.get(U16, FD_MODE));
        int nameLength = Math.min(Short.toUnsignedInt(info.get(U16, FD_NAME_LEN)), UDS_FD_NAME_LEN);
        byte[] raw = new byte[nameLength];
        MemorySegment.copy(info, JAVA_BYTE, FD_NAME, raw, 0, nameLength);
        Type type = type(mode, raw);
        String name =
                type == Type.SOCKET ? UdsEvent.socketPath(raw, nameLength) : new String(raw, StandardCharsets.UTF_8);
        String family = type == Type.SOCKET ? family(Short.toUnsignedInt(info.get(U16, FD_FAMILY))) : "";
        String socketType = type == Type.SOCKET ? socketType(Short.toUnsignedInt(info.get(U16, FD_SOCK_TYPE))) : "";
        return new PassedDescriptor(type, info.get(U64, FD_INODE), name, family, socketType);
    }

    /**
     * S_IFMT, and two names from the kernel: shmem names a memfd's file {@code memfd:NAME}, and an anonymous inode
     * (eventfd, timerfd, signalfd, epoll) is {@code [eventfd]} with no file type, or a regular one on newer kernels.
     */
    static Type type(int mode, byte[] name) {
        return switch (mode & S_IFMT) {
            case 0140000 -> Type.SOCKET;
            case 0120000 -> Type.SYMLINK;
            case 0060000 -> Type.BLOCK_DEVICE;
            case 0040000 -> Type.DIRECTORY;
            case 0020000 -> Type.CHAR_DEVICE;
            case 0010000 -> Type.PIPE;
            case 0100000 -> startsWith(name, "memfd:") ? Type.MEMFD : bracketed(name) ? Type.ANON_INODE : Type.FILE;
            case 0 -> Type.ANON_INODE;
            default -> Type.UNKNOWN;
        };
    }

    private static boolean startsWith(byte[] name, String prefix) {
        return new String(name, StandardCharsets.UTF_8).startsWith(prefix);
    }

    private static boolean bracketed(byte[] name) {
        return name.length > 2 && name[0] == '[' && name[name.length - 1] == ']';
    }

    static String family(int family) {
        return switch (family) {
            case 1 -> "unix";
            case 2 -> "inet";
            case 10 -> "inet6";
            case 16 -> "netlink";
            case 17 -> "packet";
            case 40 -> "vsock";
            default -> "af" + family;
        };
    }

    static String socketType(int type) {
        return switch (type) {
            case UDS_SOCK_STREAM -> "stream";
            case UDS_SOCK_DGRAM -> "dgram";
            case 3 -> "raw";
            case UDS_SOCK_SEQPACKET -> "seqpacket";
            default -> "type" + type;
        };
    }
}
