/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one layout shared by uds_trace.bpf.c and the Java decoder
 * (dev.udsotel.sidecar.capture.UdsEventLayout). Every field sits at a fixed
 * offset with no implicit padding (-Wpadded); the Java side checks the
 * offsets against the BTF of the compiled object and the constants against
 * this file.
 */
#ifndef UDS_EVENT_H
#define UDS_EVENT_H

#define UDS_COMM_LEN 16
#define UDS_PATH_LEN 128 /* sun_path holds 108; a power of two lets the verifier see a mask */
#define UDS_PAYLOAD_MAX 4096
#define UDS_PAYLOAD_DEFAULT 256
#define UDS_FDS_DESCRIBED 4 /* SCM_RIGHTS descriptors described per message; the rest are only counted */
#define UDS_FD_NAME_LEN 128

/* What the call did. */
#define UDS_EV_SEND 1
#define UDS_EV_RECV 2
#define UDS_EV_CONNECT 3
#define UDS_EV_ACCEPT 4
#define UDS_EV_SHUTDOWN 5
#define UDS_EV_CLOSE 6
#define UDS_EV_BIND 7
#define UDS_EV_LISTEN 8
#define UDS_EV_SOCKETPAIR 9

/* Which syscall made it, for display. */
#define UDS_SYS_WRITE 1
#define UDS_SYS_WRITEV 2
#define UDS_SYS_SENDTO 3
#define UDS_SYS_SENDMSG 4
#define UDS_SYS_READ 5
#define UDS_SYS_READV 6
#define UDS_SYS_RECVFROM 7
#define UDS_SYS_RECVMSG 8
#define UDS_SYS_CONNECT 9
#define UDS_SYS_ACCEPT 10
#define UDS_SYS_ACCEPT4 11
#define UDS_SYS_BIND 12
#define UDS_SYS_LISTEN 13
#define UDS_SYS_SHUTDOWN 14
#define UDS_SYS_CLOSE 15
#define UDS_SYS_SOCKETPAIR 16
#define UDS_SYS_SENDMMSG 17
#define UDS_SYS_RECVMMSG 18
#define UDS_SYS_SENDFILE 19 /* bytes only: the payload never passes through user memory */
#define UDS_SYS_SPLICE 20   /* bytes only */

#define UDS_DIR_NONE 0
#define UDS_DIR_OUT 1 /* bytes left the process */
#define UDS_DIR_IN 2  /* bytes arrived in the process */

/* socket(2) type values */
#define UDS_SOCK_STREAM 1
#define UDS_SOCK_DGRAM 2
#define UDS_SOCK_SEQPACKET 5

#define UDS_F_SCM_CREDENTIALS 0x1 /* the message carried SCM_CREDENTIALS */
#define UDS_F_PEER_PATH_FROM_ADDR 0x2 /* peer_path is the call's address argument: datagram destination or source, connect target */
#define UDS_F_HTTP2 0x4 /* the connection began with the HTTP/2 client preface: payload up to UDS_PAYLOAD_MAX, for HPACK */
#define UDS_F_PIECES 0x8 /* HTTP/2 followed frame by frame: the payload is struct uds_run records, each then its bytes */

/*
 * HTTP/2 capture frame by frame (UDS_F_PIECES), per socket and direction, across calls: the preface and every frame
 * header; HEADERS, CONTINUATION and PUSH_PROMISE payloads up to UDS_HTTP2_HEADER_FRAME_MAX per frame (a longer one is
 * captured in part and counted); other control frames up to UDS_HTTP2_OTHER_FRAME_MAX; DATA within payload_bytes per
 * call. A record holds at most UDS_PIECES_MAX bytes of runs and their bytes.
 */
#define UDS_HTTP2_HEADER_FRAME_MAX 8192
#define UDS_HTTP2_OTHER_FRAME_MAX 64
#define UDS_PIECES_MAX 16376

/* Kernel counters of HTTP/2 capture (struct uds_http2_counts' slots in the http2_counts map). */
#define UDS_HTTP2_CUT_HEADER_FRAMES 0 /* header frames captured in part: over the bound, or past a full record */
#define UDS_HTTP2_FRAMING_LOST 1      /* directions whose framing the kernel lost: captured as prefixes from then on */

struct uds_event {
	__u64 start_ns; /* bpf_ktime_get_ns at syscall entry */
	__u64 end_ns;   /* bpf_ktime_get_ns at syscall exit */
	__s64 ret;      /* syscall return: bytes, new fd, 0 or -errno */
	__u64 inode;    /* this socket's inode */
	__u64 peer_inode; /* the connected peer socket's inode, 0 when unknown */
	__u32 pid;      /* tgid, root pid namespace */
	__u32 tid;
	__u32 uid;
	__u32 peer_pid; /* sk_peer_pid, 0 when unknown */
	__s32 fd;
	__u32 captured_len; /* payload bytes that follow this header */
	__u16 kind;     /* UDS_EV_* */
	__u16 syscall;  /* UDS_SYS_* */
	__u8 direction; /* UDS_DIR_* */
	__u8 sock_type; /* UDS_SOCK_* */
	__u8 flags;     /* UDS_F_* */
	__u8 scm_rights_fds; /* file descriptors passed with SCM_RIGHTS */
	__u16 path_len;      /* valid bytes in path; an abstract name starts with NUL */
	__u16 peer_path_len;
	__u32 arg;           /* shutdown: how; sendmmsg/recvmmsg: the message's index */
	__u32 peer_uid;      /* sk_peer_cred's euid, 0xffffffff when unknown */
	__u32 peer_gid;      /* sk_peer_cred's egid, 0xffffffff when unknown */
	char comm[UDS_COMM_LEN];
	char path[UDS_PATH_LEN];
	char peer_path[UDS_PATH_LEN];
	/* SCM_CREDENTIALS (flag UDS_F_SCM_CREDENTIALS): struct ucred as the message carried it */
	__u32 cred_pid;
	__u32 cred_uid;
	__u32 cred_gid;
	__u8 fds_described; /* struct uds_fd_info records after the payload, at most UDS_FDS_DESCRIBED */
	__u8 _pad[3];
	/*
	 * __u8 payload[captured_len] follows, then, from the next multiple of 8,
	 * struct uds_fd_info[fds_described]: only messages that pass descriptors pay for them.
	 */
};

/*
 * One run of a UDS_F_PIECES record. The first run of every such record has length 0: its offset is where the first
 * frame that begins in this call begins (0xffffffff when none does), so user space can pick the framing up again.
 */
struct uds_run {
	__u32 offset; /* where the run starts in the call's bytes */
	__u32 length; /* its bytes, which follow */
};

/* One descriptor passed with SCM_RIGHTS, as it was in the calling process's fd table. */
struct uds_fd_info {
	__u64 inode;     /* i_ino: a socket's or pipe's inode number */
	__u16 mode;      /* i_mode: S_IFMT type bits (0 for most anonymous inodes) and permissions */
	__u16 family;    /* a socket's address family */
	__u16 sock_type; /* a socket's type (UDS_SOCK_*) */
	__u16 name_len;  /* valid bytes in name */
	/* AF_UNIX socket: its bound path; anything else: the dentry's last component (memfd:NAME, [eventfd]) */
	char name[UDS_FD_NAME_LEN];
};

_Static_assert(sizeof(struct uds_event) == 376, "uds_event size");
_Static_assert(sizeof(struct uds_fd_info) == 144, "uds_fd_info size");
_Static_assert(sizeof(struct uds_run) == 8, "uds_run size");
_Static_assert(__builtin_offsetof(struct uds_event, pid) == 40, "uds_event.pid");
_Static_assert(__builtin_offsetof(struct uds_event, kind) == 64, "uds_event.kind");
_Static_assert(__builtin_offsetof(struct uds_event, path_len) == 72, "uds_event.path_len");
_Static_assert(__builtin_offsetof(struct uds_event, comm) == 88, "uds_event.comm");
_Static_assert(__builtin_offsetof(struct uds_event, path) == 104, "uds_event.path");
_Static_assert(__builtin_offsetof(struct uds_event, peer_path) == 232, "uds_event.peer_path");
_Static_assert(__builtin_offsetof(struct uds_event, cred_pid) == 360, "uds_event.cred_pid");

/* Read-only configuration, set by the loader before load (the whole .rodata section). */
struct uds_config {
	__u32 ignore_tgid;   /* the sidecar itself; 0 = none */
	__u32 target_tgid;   /* 0 = every process */
	__u64 cgroup_id;     /* 0 = every cgroup */
	__u32 payload_bytes; /* <= UDS_PAYLOAD_MAX */
	__u32 wakeup_bytes;  /* wake the reader once this much is pending */
};

_Static_assert(sizeof(struct uds_config) == 24, "uds_config size");

#endif
