package dev.udsotel.sidecar.capture;

import dev.udsotel.sidecar.bpf.StructLayoutInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Java mirror of bpf/uds_event.h: constants under the header's own names, and struct uds_event's
 * offsets. {@link #verify} checks the offsets against the loaded object's BTF; a test checks the
 * constants against the header text.
 */
public final class UdsEventLayout {
    public static final int UDS_COMM_LEN = 16;
    public static final int UDS_PATH_LEN = 128;
    public static final int UDS_PAYLOAD_MAX = 4096;
    public static final int UDS_PAYLOAD_DEFAULT = 256;
    public static final int UDS_FDS_DESCRIBED = 4;
    public static final int UDS_FD_NAME_LEN = 128;

    public static final int UDS_EV_SEND = 1;
    public static final int UDS_EV_RECV = 2;
    public static final int UDS_EV_CONNECT = 3;
    public static final int UDS_EV_ACCEPT = 4;
    public static final int UDS_EV_SHUTDOWN = 5;
    public static final int UDS_EV_CLOSE = 6;
    public static final int UDS_EV_BIND = 7;
    public static final int UDS_EV_LISTEN = 8;
    public static final int UDS_EV_SOCKETPAIR = 9;

    public static final int UDS_SYS_WRITE = 1;
    public static final int UDS_SYS_WRITEV = 2;
    public static final int UDS_SYS_SENDTO = 3;
    public static final int UDS_SYS_SENDMSG = 4;
    public static final int UDS_SYS_READ = 5;
    public static final int UDS_SYS_READV = 6;
    public static final int UDS_SYS_RECVFROM = 7;
    public static final int UDS_SYS_RECVMSG = 8;
    public static final int UDS_SYS_CONNECT = 9;
    public static final int UDS_SYS_ACCEPT = 10;
    public static final int UDS_SYS_ACCEPT4 = 11;
    public static final int UDS_SYS_BIND = 12;
    public static final int UDS_SYS_LISTEN = 13;
    public static final int UDS_SYS_SHUTDOWN = 14;
    public static final int UDS_SYS_CLOSE = 15;
    public static final int UDS_SYS_SOCKETPAIR = 16;
    public static final int UDS_SYS_SENDMMSG = 17;
    public static final int UDS_SYS_RECVMMSG = 18;
    public static final int UDS_SYS_SENDFILE = 19;
    public static final int UDS_SYS_SPLICE = 20;

    public static final int UDS_DIR_NONE = 0;
    public static final int UDS_DIR_OUT = 1;
    public static final int UDS_DIR_IN = 2;

    public static final int UDS_SOCK_STREAM = 1;
    public static final int UDS_SOCK_DGRAM = 2;
    public static final int UDS_SOCK_SEQPACKET = 5;

    public static final int UDS_F_SCM_CREDENTIALS = 0x1;
    public static final int UDS_F_PEER_PATH_FROM_ADDR = 0x2;
    /** The connection began with the HTTP/2 preface: the kernel copied up to UDS_PAYLOAD_MAX, for HPACK. */
    public static final int UDS_F_HTTP2 = 0x4;
    /** HTTP/2 followed frame by frame: the payload is struct uds_run records, each followed by its bytes. */
    public static final int UDS_F_PIECES = 0x8;

    public static final int UDS_HTTP2_HEADER_FRAME_MAX = 8192;
    public static final int UDS_HTTP2_OTHER_FRAME_MAX = 64;
    public static final int UDS_PIECES_MAX = 16376;
    /** Slots of the kernel's http2_counts map. */
    public static final int UDS_HTTP2_CUT_HEADER_FRAMES = 0;

    public static final int UDS_HTTP2_FRAMING_LOST = 1;

    static final long START_NS = 0;
    static final long END_NS = 8;
    static final long RET = 16;
    static final long INODE = 24;
    static final long PEER_INODE = 32;
    static final long PID = 40;
    static final long TID = 44;
    static final long UID = 48;
    static final long PEER_PID = 52;
    static final long FD = 56;
    static final long CAPTURED_LEN = 60;
    static final long KIND = 64;
    static final long SYSCALL = 66;
    static final long DIRECTION = 68;
    static final long SOCK_TYPE = 69;
    static final long FLAGS = 70;
    static final long SCM_RIGHTS_FDS = 71;
    static final long PATH_LEN = 72;
    static final long PEER_PATH_LEN = 74;
    static final long ARG = 76;
    static final long PEER_UID = 80;
    static final long PEER_GID = 84;
    static final long COMM = 88;
    static final long PATH = 104;
    static final long PEER_PATH = 232;
    static final long CRED_PID = 360;
    static final long CRED_UID = 364;
    static final long CRED_GID = 368;
    static final long FDS_DESCRIBED = 372;
    static final long PAD = 373;
    /** sizeof(struct uds_event): the payload starts here. */
    public static final long HEADER_SIZE = 376;

    /** struct uds_fd_info: one passed descriptor, after the payload from the next multiple of 8. */
    static final long FD_INODE = 0;

    static final long FD_MODE = 8;
    static final long FD_FAMILY = 10;
    static final long FD_SOCK_TYPE = 12;
    static final long FD_NAME_LEN = 14;
    static final long FD_NAME = 16;
    static final long FD_INFO_SIZE = 144;

    /** struct uds_run: one run of a UDS_F_PIECES record's payload. */
    static final long RUN_OFFSET = 0;

    static final long RUN_LENGTH = 4;
    static final long RUN_SIZE = 8;

    static final Map<String, Long> OFFSETS = offsets();
    static final Map<String, Long> RUN_OFFSETS = Map.of("offset", RUN_OFFSET, "length", RUN_LENGTH);
    static final Map<String, Long> FD_INFO_OFFSETS = Map.of(
            "inode",
            FD_INODE,
            "mode",
            FD_MODE,
            "family",
            FD_FAMILY,
            "sock_type",
            FD_SOCK_TYPE,
            "name_len",
            FD_NAME_LEN,
            "name",
            FD_NAME);

    private UdsEventLayout() {}

    /** Fails when the compiled struct uds_event or struct uds_fd_info differs from what this decoder reads. */
    public static void verify(StructLayoutInfo event, StructLayoutInfo fdInfo) {
        verify(event, HEADER_SIZE, OFFSETS);
        verify(fdInfo, FD_INFO_SIZE, FD_INFO_OFFSETS);
    }

    /** Fails when the compiled struct uds_run differs from what this decoder reads. */
    public static void verifyRun(StructLayoutInfo run) {
        verify(run, RUN_SIZE, RUN_OFFSETS);
    }

    private static void verify(StructLayoutInfo compiled, long size, Map<String, Long> offsets) {
        if (compiled.size() != size || !compiled.offsets().equals(offsets)) {
            throw new IllegalStateException("struct " + compiled.name() + " in the BPF object does not match the Java"
                    + " decoder: compiled " + compiled + ", expected size " + size + " offsets " + offsets);
        }
    }

    private static Map<String, Long> offsets() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("start_ns", START_NS);
        m.put("end_ns", END_NS);
        m.put("ret", RET);
        m.put("inode", INODE);
        m.put("peer_inode", PEER_INODE);
        m.put("pid", PID);
        m.put("tid", TID);
        m.put("uid", UID);
        m.put("peer_pid", PEER_PID);
        m.put("fd", FD);
        m.put("captured_len", CAPTURED_LEN);
        m.put("kind", KIND);
        m.put("syscall", SYSCALL);
        m.put("direction", DIRECTION);
        m.put("sock_type", SOCK_TYPE);
        m.put("flags", FLAGS);
        m.put("scm_rights_fds", SCM_RIGHTS_FDS);
        m.put("path_len", PATH_LEN);
        m.put("peer_path_len", PEER_PATH_LEN);
        m.put("arg", ARG);
        m.put("peer_uid", PEER_UID);
        m.put("peer_gid", PEER_GID);
        m.put("comm", COMM);
        m.put("path", PATH);
        m.put("peer_path", PEER_PATH);
        m.put("cred_pid", CRED_PID);
        m.put("cred_uid", CRED_UID);
        m.put("cred_gid", CRED_GID);
        m.put("fds_described", FDS_DESCRIBED);
        m.put("_pad", PAD);
        return Map.copyOf(m);
    }
}
