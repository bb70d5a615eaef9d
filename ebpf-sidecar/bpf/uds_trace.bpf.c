// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * Captures AF_UNIX socket calls host-wide from syscall tracepoints.
 *
 * Entry: resolve the fd to its socket (task->files->fdt->fd[fd]); only for an
 * AF_UNIX socket are the arguments stashed, in the thread's task storage.
 * Exit: with the return value, copy up to uds_cfg.payload_bytes of the user
 * buffer and emit one struct uds_event to the ring buffer.
 */
#include <stdbool.h>
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "uds_kernel.h"
#include "uds_event.h"

#define AF_UNIX 1
#define SOL_SOCKET 1
#define SCM_RIGHTS 1
#define SCM_CREDENTIALS 2
#define EAGAIN 11
#define S_IFMT 00170000
#define S_IFSOCK 0140000

#define UNKNOWN_ID 0xffffffffU
#define MAX_IOVECS 32 /* gRPC C-core writes one iovec per slice: frame headers and payloads apart */
#define MAX_MMSGS 4 /* sendmmsg/recvmmsg: messages reported per call */
#define MAX_CMSGS 2
#define LEN_MASK 0x1fff /* > UDS_PAYLOAD_MAX: lengths are masked to this before every copy */
#define OUT_MASK 0x3fff /* > UDS_PIECES_MAX: offsets into a pieces record's payload */
#define SCRATCH_PAYLOAD (OUT_MASK + 1 + LEN_MASK + 1) /* masked offset + masked length always fit */
#define H2_FRAME_HEADER 9
#define H2_CHUNK 4096 /* payload bytes copied per step: below LEN_MASK */
#define H2_MAX_STEPS 8192 /* bpf_loop steps per call: a frame header, a payload chunk or an iovec each */
#define H2_NO_FRAME 0xffffffffU
#define H2_NO_RUN 0xffffffffU

/*
 * clang 14 may hoist or drop a C bounds check, leaving the verifier with an
 * unbounded length ("R2 min value is negative"). An AND in inline asm stays
 * exactly where it is written.
 */
#define BOUND(v, mask) BOUND_(v, mask)
#define BOUND_(v, mask) asm volatile("%0 &= " #mask : "+r"(v))

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* kfunc (6.2+): lets a pointer read with bpf_probe_read_kernel be walked with plain loads */
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym;
#define CAST(type, ptr) ((type *)bpf_rdonly_cast((ptr), bpf_core_type_id_kernel(type)))

const volatile struct uds_config uds_cfg = {
	.payload_bytes = UDS_PAYLOAD_DEFAULT,
	.wakeup_bytes = 32 * 1024,
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 * 1024 * 1024); /* the loader sets the configured size */
} events SEC(".maps");

/* One counter: records lost because the ring buffer was full. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} ringbuf_drops SEC(".maps");

/*
 * Both ends of connections that began with the HTTP/2 client preface, by socket inode (a struct sock's address is
 * reused once it is freed, and a process that exits closes its sockets without close(2)). Their calls are
 * copied up to UDS_PAYLOAD_MAX instead of payload_bytes, so HPACK header blocks arrive whole: a header block
 * missed or cut makes every later one uncertain. Recognised here in the kernel, on the send that carries the
 * preface, so no call of the connection can slip past before user space would know.
 */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, __u8);
} http2_socks SEC(".maps");

static const char HTTP2_PREFACE[24] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/* UDS_HTTP2_CUT_HEADER_FRAMES and UDS_HTTP2_FRAMING_LOST, per CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} http2_counts SEC(".maps");

struct stash {
	__u64 start_ns;
	__u64 sock;    /* struct socket * */
	__u64 buf;     /* user buffer, iovec array or msghdr */
	__u64 cnt;     /* buffer length or iovec count */
	__u64 addr;    /* sendto destination, recvfrom source, connect target */
	__u64 addrlen_ptr; /* recvfrom: where the kernel writes the source's length */
	__u32 addrlen;
	__s32 fd;
	__u16 sys;     /* UDS_SYS_*, 0 when no call is in flight */
	__u16 _pad[3];
};

/* Per-thread call in flight: task storage is cheaper than a tid-keyed hash on every syscall. */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct stash);
} inflight SEC(".maps");

#define H2_OTHER 0
#define H2_DATA 1
#define H2_HEADER_BLOCK 2

/* One direction of an HTTP/2 socket, followed frame by frame across calls. */
struct h2_key {
	__u64 inode; /* the socket's: never reused while the socket lives, unlike its struct sock's address */
	__u64 direction; /* UDS_DIR_OUT or UDS_DIR_IN */
};

struct h2_dir {
	__u32 payload_left; /* of the current frame, still to come */
	__u32 keep_left;    /* of those, still to capture */
	__u8 header[32];    /* the frame header being read: room for a masked index plus a masked length */
	__u8 header_fill;   /* 0..9 */
	__u8 preface_left;
	__u8 kind;          /* H2_* of the current frame */
	__u8 counted;       /* the current frame is a header frame already counted as cut */
	__u8 _pad[4];
};

/*
 * Both directions of both ends of every HTTP/2 connection recognised by its preface (see http2_socks). A direction
 * whose framing is lost (a call beyond H2_MAX_STEPS, bytes outside user memory) is deleted, counted, and captured
 * as a prefix from then on, as before.
 */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 32768);
	__type(key, struct h2_key);
	__type(value, struct h2_dir);
} http2_frames SEC(".maps");

/*
 * One call's walk over its bytes, frame by frame. It lives in the scratch map, not on the stack: the verifier then
 * sees its fields as unknown values and checks the bpf_loop step once, instead of once per distinct constant state.
 */
struct h2_walk {
	struct h2_dir st; /* the direction's state, written back after the walk */
	__u64 iov;      /* the iovec array, 0 for a single buffer */
	__u64 iovcnt;
	__u64 seg;      /* next iovec */
	__u64 base;     /* user address of the current segment's next byte */
	__u64 seg_left; /* bytes left in the current segment */
	__u64 pos;      /* offset in the call */
	__u64 len;      /* the call's bytes */
	__u64 out;      /* bytes written to the record's payload */
	__u64 run_at;   /* where the current run's struct uds_run is in the payload, or H2_NO_RUN */
	__u64 run_end;  /* the call offset where the current run ends */
	__u64 budget;   /* DATA bytes still to capture in this call */
	__u32 frame_start;
	__u8 full;      /* the record is full: nothing more is captured in this call */
	__u8 lost;
	__u8 _pad[2];
};

struct scratch {
	struct uds_event ev;
	__u8 payload[SCRATCH_PAYLOAD]; /* then the passed descriptors, see describe_fds */
	struct h2_walk walk;           /* not part of the record */
};

/* Too big for the 512-byte stack: one event under construction per CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} scratch_space SEC(".maps");

static __always_inline bool wanted(__u32 tgid)
{
	if (tgid == uds_cfg.ignore_tgid)
		return false;
	if (uds_cfg.target_tgid && tgid != uds_cfg.target_tgid)
		return false;
	if (uds_cfg.cgroup_id && bpf_get_current_cgroup_id() != uds_cfg.cgroup_id)
		return false;
	return true;
}

/*
 * The AF_UNIX socket behind fd in the current task, or NULL. Runs at every read/write entry on the
 * host, so it walks BTF pointers directly (plain loads) instead of calling bpf_probe_read_kernel
 * per field; only the variable fd[] index needs the helper.
 */
static __always_inline struct file *file_of(long fd)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct fdtable *fdt = task->files->fdt;
	struct file *file = NULL;

	if (fd < 0 || (unsigned long)fd >= fdt->max_fds)
		return NULL;
	if (bpf_probe_read_kernel(&file, sizeof(file), &fdt->fd[fd]) || !file)
		return NULL;
	return CAST(struct file, file);
}

static __always_inline struct socket *unix_socket_of(long fd)
{
	struct file *file = file_of(fd);
	struct socket *sock;

	if (!file)
		return NULL;
	/* private_data is a struct socket only for socket inodes */
	if ((file->f_inode->i_mode & S_IFMT) != S_IFSOCK)
		return NULL;
	sock = CAST(struct socket, file->private_data);
	if (sock->sk->__sk_common.skc_family != AF_UNIX)
		return NULL;
	return sock;
}

static __always_inline __u64 socket_inode(struct socket *sock)
{
	return sock ? CAST(struct socket_alloc, sock)->vfs_inode.i_ino : 0;
}

static __always_inline __u16 read_path(char *dst, struct unix_address *addr)
{
	__u64 n;
	int len;

	if (!addr)
		return 0;
	len = addr->len;
	n = len > 2 ? len - 2 : 0; /* len counts sun_family */
	if (n > 108)
		n = 108;
	BOUND(n, 0x7f);
	bpf_probe_read_kernel(dst, n, addr->name[0].sun_path);
	return n;
}

/* Plain loads through BTF pointers: a NULL on the way reads as 0, no helper call per field. */
static __always_inline void fill_socket(struct uds_event *e, struct socket *raw)
{
	struct socket *sock = CAST(struct socket, raw);
	struct unix_sock *u = CAST(struct unix_sock, sock->sk);
	struct unix_sock *peer = CAST(struct unix_sock, u->peer);
	const struct cred *cred = u->sk.sk_peer_cred;
	struct pid *peer_pid = u->sk.sk_peer_pid;

	e->sock_type = sock->type;
	e->inode = socket_inode(sock);
	e->path_len = read_path(e->path, u->addr);
	e->peer_pid = peer_pid ? peer_pid->numbers[0].nr : 0;
	e->peer_uid = cred ? cred->euid.val : UNKNOWN_ID;
	e->peer_gid = cred ? cred->egid.val : UNKNOWN_ID;
	if (peer) {
		/* a connecting client's peer has no socket until the server accepts */
		e->peer_inode = socket_inode(peer->sk.sk_socket);
		e->peer_path_len = read_path(e->peer_path, peer->addr);
	}
}

static __always_inline struct scratch *new_event(__u16 kind, __u16 sys, __s32 fd, __u64 start_ns)
{
	__u32 zero = 0;
	struct scratch *s = bpf_map_lookup_elem(&scratch_space, &zero);
	__u64 id = bpf_get_current_pid_tgid();

	if (!s)
		return NULL;
	/* the fixed fields only: comm is padded by the helper, and the paths are read up to their lengths */
	__builtin_memset(&s->ev, 0, __builtin_offsetof(struct uds_event, comm));
	__builtin_memset(&s->ev.cred_pid, 0, sizeof(struct uds_event) - __builtin_offsetof(struct uds_event, cred_pid));
	s->ev.start_ns = start_ns;
	s->ev.end_ns = bpf_ktime_get_ns();
	s->ev.pid = id >> 32;
	s->ev.tid = (__u32)id;
	s->ev.uid = (__u32)bpf_get_current_uid_gid();
	s->ev.fd = fd;
	s->ev.kind = kind;
	s->ev.syscall = sys;
	bpf_get_current_comm(s->ev.comm, sizeof(s->ev.comm));
	return s;
}

/*
 * Wake the reader only when pending data crosses wakeup_bytes; it also polls with a short timeout.
 * Only the crossing record wakes: the reader sleeps only once it has emptied the ring, so waking it
 * for every record above the threshold would pay an irq_work per record (measured: ~0.8 us each).
 */
static __always_inline void submit(struct scratch *s)
{
	__u64 size = s->ev.captured_len;
	__u64 pending = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);
	__u64 flags;
	__u32 zero = 0;
	__u64 *drops;

	BOUND(size, OUT_MASK);
	if (s->ev.fds_described) {
		size = ((size + 7) & ~7UL) + s->ev.fds_described * sizeof(struct uds_fd_info);
		BOUND(size, OUT_MASK);
	}
	size += sizeof(struct uds_event);
	flags = pending < uds_cfg.wakeup_bytes && pending + size >= uds_cfg.wakeup_bytes
		? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
	if (bpf_ringbuf_output(&events, s, size, flags)) {
		drops = bpf_map_lookup_elem(&ringbuf_drops, &zero);
		if (drops)
			*drops += 1;
	}
}

static __always_inline __u64 copy_buffer(struct scratch *s, const void *buf, __u64 want)
{
	BOUND(want, LEN_MASK);
	if (bpf_probe_read_user(s->payload, want, buf))
		return 0;
	return want;
}

static __always_inline __u64 copy_iovecs(struct scratch *s, const struct iovec *iov, __u64 cnt, __u64 want)
{
	__u64 off = 0;

	for (int i = 0; i < MAX_IOVECS; i++) {
		struct iovec v;
		__u64 n;

		if (i >= cnt || off >= want)
			break;
		if (bpf_probe_read_user(&v, sizeof(v), &iov[i]))
			break;
		n = v.iov_len < want - off ? v.iov_len : want - off;
		BOUND(off, LEN_MASK);
		BOUND(n, LEN_MASK);
		if (bpf_probe_read_user(&s->payload[off], n, v.iov_base))
			break;
		off += n;
	}
	return off;
}

/*
 * What one passed descriptor is, from the calling task's fd table: at send the sender's descriptor, at receive
 * the one just installed in the receiver. Not inlined: up to MAX_CMSGS * UDS_FDS_DESCRIBED calls per message.
 */
static __noinline void describe_fd(struct uds_fd_info *d, int fd)
{
	struct file *file = file_of(fd);
	struct inode *inode;
	struct socket *sock;
	struct qstr name;
	__u64 n;

	__builtin_memset(d, 0, __builtin_offsetof(struct uds_fd_info, name));
	if (!file)
		return;
	inode = file->f_inode;
	d->inode = inode->i_ino;
	d->mode = inode->i_mode;
	if ((d->mode & S_IFMT) == S_IFSOCK) {
		sock = CAST(struct socket, file->private_data);
		d->sock_type = sock->type;
		d->family = sock->sk->__sk_common.skc_family;
		if (d->family == AF_UNIX)
			d->name_len = read_path(d->name, CAST(struct unix_sock, sock->sk)->addr);
		return;
	}
	/* the last component only: a full path needs d_path, which tracepoints may not call */
	name = file->f_path.dentry->d_name;
	n = name.len < UDS_FD_NAME_LEN ? name.len : UDS_FD_NAME_LEN - 1;
	BOUND(n, 0x7f);
	if (bpf_probe_read_kernel(d->name, n, name.name) == 0)
		d->name_len = n;
}

/* The first descriptors of one SCM_RIGHTS message, into the record's tail after the payload. */
static __always_inline void describe_fds(struct scratch *s, const int *fds, __u64 count)
{
	__u64 tail = s->ev.captured_len + 7;

	BOUND(tail, 0x1ff8); /* 8-aligned, below LEN_MASK: the tail always fits the scratch payload */
	for (int i = 0; i < UDS_FDS_DESCRIBED; i++) {
		__u64 slot = s->ev.fds_described;
		int fd;

		if (i >= count || slot >= UDS_FDS_DESCRIBED)
			break;
		if (bpf_probe_read_user(&fd, sizeof(fd), &fds[i]))
			break;
		BOUND(slot, 0x3);
		describe_fd((struct uds_fd_info *)&s->payload[tail + slot * sizeof(struct uds_fd_info)], fd);
		s->ev.fds_described++;
	}
}

/* SCM_RIGHTS and SCM_CREDENTIALS in the control buffer; sendmsg and recvmsg both leave it in user memory. */
static __always_inline void read_control(struct scratch *s, const struct user_msghdr *m)
{
	struct uds_event *e = &s->ev;
	__u64 off = 0;

	if (!m->msg_control || m->msg_controllen < sizeof(struct cmsghdr))
		return;
	for (int i = 0; i < MAX_CMSGS; i++) {
		struct cmsghdr h;
		const void *data;

		if (off + sizeof(h) > m->msg_controllen)
			break;
		if (bpf_probe_read_user(&h, sizeof(h), m->msg_control + off) || h.cmsg_len < sizeof(h))
			break;
		data = m->msg_control + off + sizeof(h);
		if (h.cmsg_level == SOL_SOCKET && h.cmsg_type == SCM_RIGHTS) {
			e->scm_rights_fds += (h.cmsg_len - sizeof(h)) / sizeof(int);
			describe_fds(s, data, (h.cmsg_len - sizeof(h)) / sizeof(int));
		} else if (h.cmsg_level == SOL_SOCKET && h.cmsg_type == SCM_CREDENTIALS &&
			   h.cmsg_len >= sizeof(h) + sizeof(struct ucred) &&
			   bpf_probe_read_user(&e->cred_pid, sizeof(struct ucred), data) == 0) {
			e->flags |= UDS_F_SCM_CREDENTIALS;
		}
		off += (h.cmsg_len + 7) & ~7UL;
	}
}

/* An unconnected datagram names its destination or source; keep it as the peer path. */
static __always_inline void destination(struct uds_event *e, const void *addr, __u32 addrlen)
{
	__u64 n = addrlen > 2 ? addrlen - 2 : 0;

	if (!addr || !n || e->peer_inode || e->peer_path_len)
		return;
	if (n > 108)
		n = 108;
	BOUND(n, 0x7f);
	if (bpf_probe_read_user(e->peer_path, n, addr + 2) == 0) {
		e->peer_path_len = n;
		e->flags |= UDS_F_PEER_PATH_FROM_ADDR;
	}
}

static __always_inline void stash_call(__u16 sys, struct socket *sock, long fd, __u64 buf, __u64 cnt, __u64 addr,
				       __u32 addrlen, __u64 addrlen_ptr)
{
	struct stash *st = bpf_task_storage_get(&inflight, bpf_get_current_task_btf(), 0,
						BPF_LOCAL_STORAGE_GET_F_CREATE);

	if (!st)
		return;
	st->start_ns = bpf_ktime_get_ns();
	st->sock = (__u64)sock;
	st->buf = buf;
	st->cnt = cnt;
	st->addr = addr;
	st->addrlen_ptr = addrlen_ptr;
	st->addrlen = addrlen;
	st->fd = fd;
	st->sys = sys;
}

static __always_inline int on_enter(__u16 sys, long fd, __u64 buf, __u64 cnt, __u64 addr, __u32 addrlen,
				    __u64 addrlen_ptr)
{
	struct socket *sock;

	if (!wanted(bpf_get_current_pid_tgid() >> 32))
		return 0;
	sock = unix_socket_of(fd);
	if (sock)
		stash_call(sys, sock, fd, buf, cnt, addr, addrlen, addrlen_ptr);
	return 0;
}

/* Copies up to want bytes of the call's payload into the scratch record; the byte count copied. */
static __always_inline __u64 copy_payload(struct scratch *s, struct stash *st, const struct user_msghdr *m, __u64 want)
{
	switch (st->sys) {
	case UDS_SYS_WRITEV:
	case UDS_SYS_READV:
		return copy_iovecs(s, (void *)st->buf, st->cnt, want);
	case UDS_SYS_SENDMSG:
	case UDS_SYS_RECVMSG:
	case UDS_SYS_SENDMMSG:
	case UDS_SYS_RECVMMSG:
		return m ? copy_iovecs(s, m->msg_iov, m->msg_iovlen, want) : 0;
	case UDS_SYS_SENDFILE:
	case UDS_SYS_SPLICE:
		return 0; /* the bytes moved between kernel buffers */
	default:
		return copy_buffer(s, (void *)st->buf, want);
	}
}

static __always_inline bool starts_with_http2_preface(const __u8 *p)
{
#pragma unroll
	for (int i = 0; i < (int)sizeof(HTTP2_PREFACE); i++)
		if (p[i] != (__u8)HTTP2_PREFACE[i])
			return false;
	return true;
}

/* The inode of the socket at the other end, 0 when unknown (a connecting client's peer until accept). */
static __always_inline __u64 peer_inode_of(struct socket *raw)
{
	struct socket *sock = CAST(struct socket, raw);
	struct unix_sock *u = CAST(struct unix_sock, sock->sk);
	struct unix_sock *peer = CAST(struct unix_sock, u->peer);

	return peer ? socket_inode(peer->sk.sk_socket) : 0;
}

/* Marks this socket and its peer as HTTP/2. */
static __always_inline void mark_http2(struct socket *raw)
{
	__u64 own = socket_inode(CAST(struct socket, raw));
	__u64 peer = peer_inode_of(raw);
	__u8 yes = 1;

	bpf_map_update_elem(&http2_socks, &own, &yes, BPF_ANY);
	if (peer)
		bpf_map_update_elem(&http2_socks, &peer, &yes, BPF_ANY);
}

static __always_inline bool is_http2(struct socket *raw)
{
	__u64 own = socket_inode(CAST(struct socket, raw));

	return bpf_map_lookup_elem(&http2_socks, &own) != NULL;
}

static __always_inline void count_http2(__u32 slot)
{
	__u64 *count = bpf_map_lookup_elem(&http2_counts, &slot);

	if (count)
		*count += 1;
}

/* Frame-by-frame state for both ends of a connection whose preface just went by in direction dir of sock. */
static __always_inline void follow_http2(struct socket *raw, __u8 dir)
{
	__u8 other = dir == UDS_DIR_OUT ? UDS_DIR_IN : UDS_DIR_OUT;
	struct h2_dir client = { .preface_left = sizeof(HTTP2_PREFACE) };
	struct h2_dir server = {};
	struct h2_key key = { .inode = socket_inode(CAST(struct socket, raw)), .direction = dir };
	__u64 peer = peer_inode_of(raw);

	/* NOEXIST: the other end may have recognised it first and already be following */
	bpf_map_update_elem(&http2_frames, &key, &client, BPF_NOEXIST);
	key.direction = other;
	bpf_map_update_elem(&http2_frames, &key, &server, BPF_NOEXIST);
	if (!peer)
		return;
	/* the peer's other direction carries what this end's direction dir carried, the preface */
	key.inode = peer;
	bpf_map_update_elem(&http2_frames, &key, &client, BPF_NOEXIST);
	key.direction = dir;
	bpf_map_update_elem(&http2_frames, &key, &server, BPF_NOEXIST);
}

static __always_inline struct h2_dir *http2_direction(struct socket *raw, __u8 dir)
{
	struct h2_key key = { .inode = socket_inode(CAST(struct socket, raw)), .direction = dir };

	return bpf_map_lookup_elem(&http2_frames, &key);
}

/* Appends n bytes at the walk's position to the record, joined to the current run when they follow it. */
static __always_inline __u64 h2_capture(struct scratch *s, __u64 n)
{
	struct h2_walk *w = &s->walk;
	bool joins = w->run_at != H2_NO_RUN && w->run_end == w->pos;
	__u64 out = w->out;
	__u64 at;

	if (w->full || n == 0)
		return 0;
	if (out + n + (joins ? 0 : sizeof(struct uds_run)) > UDS_PIECES_MAX) {
		w->full = 1;
		return 0;
	}
	if (!joins) {
		BOUND(out, OUT_MASK);
		((struct uds_run *)&s->payload[out])->offset = w->pos;
		((struct uds_run *)&s->payload[out])->length = 0;
		w->run_at = out;
		out += sizeof(struct uds_run);
	}
	BOUND(out, OUT_MASK);
	BOUND(n, LEN_MASK);
	if (bpf_probe_read_user(&s->payload[out], n, (void *)w->base)) {
		w->lost = 1;
		return 0;
	}
	at = w->run_at;
	BOUND(at, OUT_MASK);
	((struct uds_run *)&s->payload[at])->length += n;
	w->out = out + n;
	w->run_end = w->pos + n;
	return n;
}

static __always_inline void h2_start_frame(struct h2_walk *w)
{
	struct h2_dir *st = &w->st;
	__u32 length = ((__u32)st->header[0] << 16) | ((__u32)st->header[1] << 8) | st->header[2];
	__u8 type = st->header[3];

	st->payload_left = length;
	if (type == 0x1 || type == 0x9 || type == 0x5) { /* HEADERS, CONTINUATION, PUSH_PROMISE */
		st->kind = H2_HEADER_BLOCK;
		st->keep_left = length < UDS_HTTP2_HEADER_FRAME_MAX ? length : UDS_HTTP2_HEADER_FRAME_MAX;
		/* over the bound, or its header did not fit a full record: either way its block is cut */
		st->counted = length > UDS_HTTP2_HEADER_FRAME_MAX || w->full;
		if (st->counted)
			count_http2(UDS_HTTP2_CUT_HEADER_FRAMES);
	} else if (type == 0x0) {
		st->kind = H2_DATA;
		st->keep_left = length;
	} else {
		st->kind = H2_OTHER;
		st->keep_left = length < UDS_HTTP2_OTHER_FRAME_MAX ? length : UDS_HTTP2_OTHER_FRAME_MAX;
	}
	if (length == 0)
		st->header_fill = 0;
}

/* One step: the next iovec, or the next stretch of preface, frame header or payload within the current one. */
struct h2_step_ctx {
	struct scratch *s;
};

static long h2_step(__u32 index, void *ctx)
{
	struct scratch *s = ((struct h2_step_ctx *)ctx)->s;
	struct h2_walk *w = &s->walk;
	struct h2_dir *st = &w->st;
	const struct iovec *iov = (void *)w->iov;
	__u64 avail, n, keep, kept, fill;
	struct iovec v;

	if (w->lost || w->pos >= w->len)
		return 1;
	if (w->seg_left == 0) {
		if (!iov || w->seg >= w->iovcnt || bpf_probe_read_user(&v, sizeof(v), &iov[w->seg])) {
			w->lost = 1;
			return 1;
		}
		w->seg++;
		w->base = (__u64)v.iov_base;
		w->seg_left = v.iov_len;
		return 0;
	}
	avail = w->seg_left < w->len - w->pos ? w->seg_left : w->len - w->pos;
	if (st->preface_left) {
		n = avail < st->preface_left ? avail : st->preface_left;
		h2_capture(s, n);
		st->preface_left -= n;
	} else if (st->header_fill < H2_FRAME_HEADER) {
		fill = st->header_fill;
		if (fill == 0 && w->frame_start == H2_NO_FRAME)
			w->frame_start = w->pos;
		n = H2_FRAME_HEADER - fill;
		n = avail < n ? avail : n;
		BOUND(fill, 0xf);
		BOUND(n, 0xf);
		if (bpf_probe_read_user(&st->header[fill], n, (void *)w->base)) {
			w->lost = 1;
			return 1;
		}
		h2_capture(s, n);
		st->header_fill += n;
		if (st->header_fill == H2_FRAME_HEADER)
			h2_start_frame(w);
	} else {
		n = avail < st->payload_left ? avail : st->payload_left;
		keep = 0;
		if (st->keep_left) {
			if (n > H2_CHUNK)
				n = H2_CHUNK; /* the rest of the payload in the next steps */
			keep = n < st->keep_left ? n : st->keep_left;
			if (st->kind == H2_DATA && keep > w->budget)
				keep = w->budget;
		}
		kept = h2_capture(s, keep);
		if (st->kind == H2_DATA)
			w->budget -= kept;
		if (st->kind == H2_HEADER_BLOCK && kept < keep && !st->counted) {
			st->counted = 1; /* the record was full */
			count_http2(UDS_HTTP2_CUT_HEADER_FRAMES);
		}
		/* once a payload byte goes uncaptured, user space keeps none after it */
		st->keep_left = kept < n ? 0 : st->keep_left - kept;
		st->payload_left -= n;
		if (st->payload_left == 0)
			st->header_fill = 0;
	}
	w->pos += n;
	w->base += n;
	w->seg_left -= n;
	return 0;
}

/*
 * Captures one call of an HTTP/2 direction frame by frame into the record (UDS_F_PIECES); false when the framing is
 * lost, and the direction is then dropped from http2_frames and counted.
 */
/*
 * The record's first run says where the call's first frame begins. Not inlined: a function's parameter types are in
 * the object's BTF, where user space checks struct uds_run's layout.
 */
static __noinline void mark_first_frame(struct uds_run *run, __u32 frame_start)
{
	if (!run)
		return;
	run->offset = frame_start;
	run->length = 0;
}

__noinline int follow_frames(struct stash *st, const struct user_msghdr *m, __u64 len, __u32 dir,
			     struct h2_dir *state)
{
	__u32 zero = 0;
	/* the record under construction: the same per-CPU scratch the caller fills */
	struct scratch *s = bpf_map_lookup_elem(&scratch_space, &zero);
	struct h2_step_ctx ctx = { .s = s };
	struct h2_key key = {};
	struct h2_walk *w;

	/* a global function, verified once on its own: its pointer arguments may be NULL as far as it knows */
	if (!s || !st || !state)
		return 0;
	w = &s->walk;
	key.inode = socket_inode(CAST(struct socket, (void *)st->sock));
	key.direction = dir;

	__builtin_memset(w, 0, sizeof(*w));
	w->st = *state;
	w->len = len;
	w->out = sizeof(struct uds_run);
	w->run_at = H2_NO_RUN;
	w->budget = uds_cfg.payload_bytes;
	w->frame_start = H2_NO_FRAME;
	switch (st->sys) {
	case UDS_SYS_WRITEV:
	case UDS_SYS_READV:
		w->iov = st->buf;
		w->iovcnt = st->cnt;
		break;
	case UDS_SYS_SENDMSG:
	case UDS_SYS_RECVMSG:
	case UDS_SYS_SENDMMSG:
	case UDS_SYS_RECVMMSG:
		if (!m) {
			w->lost = 1;
		} else {
			w->iov = (__u64)m->msg_iov;
			w->iovcnt = m->msg_iovlen;
		}
		break;
	case UDS_SYS_SENDFILE:
	case UDS_SYS_SPLICE:
		w->lost = 1; /* the bytes never pass through user memory */
		break;
	default:
		w->base = st->buf;
		w->seg_left = len;
	}
	if (!w->lost)
		bpf_loop(H2_MAX_STEPS, h2_step, &ctx, 0);
	if (w->lost || w->pos < len) {
		bpf_map_delete_elem(&http2_frames, &key);
		count_http2(UDS_HTTP2_FRAMING_LOST);
		return 0;
	}
	*state = w->st;
	mark_first_frame((struct uds_run *)s->payload, w->frame_start);
	s->ev.captured_len = w->out;
	s->ev.flags |= UDS_F_PIECES;
	return 1;
}

/* One event for one message; msg is the user msghdr for the *msg syscalls. */
static __always_inline void emit_data(struct stash *st, long ret, __u16 kind, __u8 dir, const void *msg, __u32 index)
{
	struct scratch *s = new_event(kind, st->sys, st->fd, st->start_ns);
	struct user_msghdr m;
	const struct user_msghdr *mp = NULL;
	__u64 want = ret;
	__u64 limit = uds_cfg.payload_bytes;
	struct h2_dir *frames;
	bool http2;
	__u32 addrlen;

	if (!s)
		return;
	s->ev.ret = ret;
	s->ev.direction = dir;
	s->ev.arg = index;
	fill_socket(&s->ev, (void *)st->sock);
	http2 = is_http2((void *)st->sock);
	if (msg && bpf_probe_read_user(&m, sizeof(m), msg) == 0)
		mp = &m;
	frames = http2 ? http2_direction((void *)st->sock, dir) : NULL;
	if (!frames || !follow_frames(st, mp, ret, dir, frames)) {
		if (http2)
			limit = UDS_PAYLOAD_MAX;
		if (want > limit)
			want = limit;
		s->ev.captured_len = copy_payload(s, st, mp, want);
		if (!http2 && s->ev.captured_len >= sizeof(HTTP2_PREFACE) &&
		    starts_with_http2_preface(s->payload)) {
			mark_http2((void *)st->sock);
			follow_http2((void *)st->sock, dir);
			http2 = true;
			frames = http2_direction((void *)st->sock, dir);
			if (!frames || !follow_frames(st, mp, ret, dir, frames)) {
				want = ret < UDS_PAYLOAD_MAX ? ret : UDS_PAYLOAD_MAX;
				if (want > s->ev.captured_len)
					s->ev.captured_len = copy_payload(s, st, mp, want);
			}
		}
	}
	if (http2)
		s->ev.flags |= UDS_F_HTTP2;
	switch (st->sys) {
	case UDS_SYS_SENDMSG:
	case UDS_SYS_RECVMSG:
	case UDS_SYS_SENDMMSG:
	case UDS_SYS_RECVMMSG:
		if (!mp)
			break;
		/* after the payload: the descriptors are described in the record's tail (a pieces record has none) */
		if (!(s->ev.flags & UDS_F_PIECES))
			read_control(s, mp);
		/* sendmsg: the destination; recvmsg: the sender, written back by the kernel */
		destination(&s->ev, mp->msg_name, mp->msg_namelen);
		break;
	case UDS_SYS_SENDTO:
		destination(&s->ev, (void *)st->addr, st->addrlen);
		break;
	case UDS_SYS_RECVFROM:
		if (st->addr && st->addrlen_ptr &&
		    bpf_probe_read_user(&addrlen, sizeof(addrlen), (void *)st->addrlen_ptr) == 0)
			destination(&s->ev, (void *)st->addr, addrlen);
		break;
	}
	submit(s);
}

static __always_inline void emit_socket(struct stash *st, long ret, __u16 kind, struct socket *sock, __s32 fd)
{
	struct scratch *s = new_event(kind, st->sys, fd, st->start_ns);

	if (!s)
		return;
	s->ev.ret = ret;
	s->ev.arg = st->cnt;
	fill_socket(&s->ev, sock);
	submit(s);
}

/* A refused connect has no peer: keep the address it tried. */
static __always_inline void emit_connect(struct stash *st, long ret)
{
	struct scratch *s = new_event(UDS_EV_CONNECT, st->sys, st->fd, st->start_ns);

	if (!s)
		return;
	s->ev.ret = ret;
	fill_socket(&s->ev, (void *)st->sock);
	destination(&s->ev, (void *)st->addr, st->addrlen);
	submit(s);
}

/* ret messages went through; each carries its own length in msg_len. */
static __always_inline void emit_messages(struct stash *st, long ret, __u16 kind, __u8 dir)
{
	struct mmsghdr *vec = (void *)st->buf;

	for (int i = 0; i < MAX_MMSGS; i++) {
		__u32 len = 0;

		if (i >= ret)
			break;
		bpf_probe_read_user(&len, sizeof(len), &vec[i].msg_len);
		if (len > 0)
			emit_data(st, len, kind, dir, &vec[i].msg_hdr, i);
	}
}

static __always_inline int on_exit(__u16 sys, long ret)
{
	struct stash *found = bpf_task_storage_get(&inflight, bpf_get_current_task_btf(), 0, 0);
	struct stash st;
	int sv[2];

	if (!found || !found->sys)
		return 0;
	st = *found;
	found->sys = 0;
	if (st.sys != sys)
		return 0;
	switch (sys) {
	case UDS_SYS_WRITE:
	case UDS_SYS_WRITEV:
	case UDS_SYS_SENDTO:
	case UDS_SYS_SENDMSG:
		if (ret > 0)
			emit_data(&st, ret, UDS_EV_SEND, UDS_DIR_OUT, (void *)st.buf, 0);
		break;
	case UDS_SYS_SENDMMSG:
		emit_messages(&st, ret, UDS_EV_SEND, UDS_DIR_OUT);
		break;
	case UDS_SYS_SENDFILE:
		if (ret > 0)
			emit_data(&st, ret, UDS_EV_SEND, UDS_DIR_OUT, 0, 0);
		break;
	case UDS_SYS_SPLICE:
		if (ret > 0 && st.cnt == UDS_DIR_OUT)
			emit_data(&st, ret, UDS_EV_SEND, UDS_DIR_OUT, 0, 0);
		else if (ret > 0)
			emit_data(&st, ret, UDS_EV_RECV, UDS_DIR_IN, 0, 0);
		break;
	case UDS_SYS_RECVMMSG:
		emit_messages(&st, ret, UDS_EV_RECV, UDS_DIR_IN);
		break;
	case UDS_SYS_READ:
	case UDS_SYS_READV:
	case UDS_SYS_RECVFROM:
	case UDS_SYS_RECVMSG:
		if (ret > 0)
			emit_data(&st, ret, UDS_EV_RECV, UDS_DIR_IN, (void *)st.buf, 0);
		break;
	case UDS_SYS_CONNECT:
		emit_connect(&st, ret);
		break;
	case UDS_SYS_ACCEPT:
	case UDS_SYS_ACCEPT4:
		if (ret >= 0)
			emit_socket(&st, ret, UDS_EV_ACCEPT, unix_socket_of(ret), ret);
		else if (ret != -EAGAIN)
			emit_socket(&st, ret, UDS_EV_ACCEPT, (void *)st.sock, st.fd);
		break;
	case UDS_SYS_BIND:
		if (ret == 0)
			emit_socket(&st, ret, UDS_EV_BIND, (void *)st.sock, st.fd);
		break;
	case UDS_SYS_LISTEN:
		if (ret == 0)
			emit_socket(&st, ret, UDS_EV_LISTEN, (void *)st.sock, st.fd);
		break;
	case UDS_SYS_SHUTDOWN:
		emit_socket(&st, ret, UDS_EV_SHUTDOWN, (void *)st.sock, st.fd);
		break;
	case UDS_SYS_SOCKETPAIR:
		if (ret != 0 || bpf_probe_read_user(sv, sizeof(sv), (void *)st.buf))
			break;
		emit_socket(&st, ret, UDS_EV_SOCKETPAIR, unix_socket_of(sv[0]), sv[0]);
		emit_socket(&st, ret, UDS_EV_SOCKETPAIR, unix_socket_of(sv[1]), sv[1]);
		break;
	}
	return 0;
}

#define ENTER(name, sys, fd, buf, cnt, addr, addrlen, addrlen_ptr)            \
	SEC("tracepoint/syscalls/sys_enter_" #name)                            \
	int enter_##name(struct sys_enter_ctx *ctx)                            \
	{                                                                      \
		return on_enter(sys, fd, buf, cnt, addr, addrlen, addrlen_ptr); \
	}
#define EXIT(name, sys)                                                        \
	SEC("tracepoint/syscalls/sys_exit_" #name)                             \
	int exit_##name(struct sys_exit_ctx *ctx)                              \
	{                                                                      \
		return on_exit(sys, ctx->ret);                                 \
	}

/* Only the arguments each syscall has: its context ends after them. */
ENTER(write, UDS_SYS_WRITE, ctx->args[0], ctx->args[1], ctx->args[2], 0, 0, 0)
ENTER(writev, UDS_SYS_WRITEV, ctx->args[0], ctx->args[1], ctx->args[2], 0, 0, 0)
ENTER(sendto, UDS_SYS_SENDTO, ctx->args[0], ctx->args[1], ctx->args[2], ctx->args[4], ctx->args[5], 0)
ENTER(sendmsg, UDS_SYS_SENDMSG, ctx->args[0], ctx->args[1], ctx->args[2], 0, 0, 0)
ENTER(read, UDS_SYS_READ, ctx->args[0], ctx->args[1], ctx->args[2], 0, 0, 0)
ENTER(readv, UDS_SYS_READV, ctx->args[0], ctx->args[1], ctx->args[2], 0, 0, 0)
ENTER(recvfrom, UDS_SYS_RECVFROM, ctx->args[0], ctx->args[1], ctx->args[2], ctx->args[4], 0, ctx->args[5])
ENTER(recvmsg, UDS_SYS_RECVMSG, ctx->args[0], ctx->args[1], ctx->args[2], 0, 0, 0)
ENTER(sendmmsg, UDS_SYS_SENDMMSG, ctx->args[0], ctx->args[1], ctx->args[2], 0, 0, 0)
ENTER(recvmmsg, UDS_SYS_RECVMMSG, ctx->args[0], ctx->args[1], ctx->args[2], 0, 0, 0)
ENTER(sendfile64, UDS_SYS_SENDFILE, ctx->args[0], 0, 0, 0, 0, 0)
ENTER(connect, UDS_SYS_CONNECT, ctx->args[0], 0, 0, ctx->args[1], ctx->args[2], 0)
ENTER(accept, UDS_SYS_ACCEPT, ctx->args[0], 0, 0, 0, 0, 0)
ENTER(accept4, UDS_SYS_ACCEPT4, ctx->args[0], 0, 0, 0, 0, 0)
ENTER(bind, UDS_SYS_BIND, ctx->args[0], 0, 0, 0, 0, 0)
ENTER(listen, UDS_SYS_LISTEN, ctx->args[0], 0, 0, 0, 0, 0)
ENTER(shutdown, UDS_SYS_SHUTDOWN, ctx->args[0], 0, ctx->args[1], 0, 0, 0)

EXIT(write, UDS_SYS_WRITE)
EXIT(writev, UDS_SYS_WRITEV)
EXIT(sendto, UDS_SYS_SENDTO)
EXIT(sendmsg, UDS_SYS_SENDMSG)
EXIT(read, UDS_SYS_READ)
EXIT(readv, UDS_SYS_READV)
EXIT(recvfrom, UDS_SYS_RECVFROM)
EXIT(recvmsg, UDS_SYS_RECVMSG)
EXIT(sendmmsg, UDS_SYS_SENDMMSG)
EXIT(recvmmsg, UDS_SYS_RECVMMSG)
EXIT(sendfile64, UDS_SYS_SENDFILE)
EXIT(splice, UDS_SYS_SPLICE)
EXIT(connect, UDS_SYS_CONNECT)
EXIT(accept, UDS_SYS_ACCEPT)
EXIT(accept4, UDS_SYS_ACCEPT4)
EXIT(bind, UDS_SYS_BIND)
EXIT(listen, UDS_SYS_LISTEN)
EXIT(shutdown, UDS_SYS_SHUTDOWN)
EXIT(socketpair, UDS_SYS_SOCKETPAIR)

SEC("tracepoint/syscalls/sys_enter_socketpair")
int enter_socketpair(struct sys_enter_ctx *ctx)
{
	struct stash *st;

	if (ctx->args[0] != AF_UNIX || !wanted(bpf_get_current_pid_tgid() >> 32))
		return 0;
	st = bpf_task_storage_get(&inflight, bpf_get_current_task_btf(), 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!st)
		return 0;
	st->start_ns = bpf_ktime_get_ns();
	st->buf = ctx->args[3];
	st->fd = -1;
	st->sys = UDS_SYS_SOCKETPAIR;
	return 0;
}

/* splice moves bytes out of a socket or into one: stash whichever end is AF_UNIX. */
SEC("tracepoint/syscalls/sys_enter_splice")
int enter_splice(struct sys_enter_ctx *ctx)
{
	struct socket *sock;

	if (!wanted(bpf_get_current_pid_tgid() >> 32))
		return 0;
	sock = unix_socket_of(ctx->args[2]);
	if (sock) {
		stash_call(UDS_SYS_SPLICE, sock, ctx->args[2], 0, UDS_DIR_OUT, 0, 0, 0);
		return 0;
	}
	sock = unix_socket_of(ctx->args[0]);
	if (sock)
		stash_call(UDS_SYS_SPLICE, sock, ctx->args[0], 0, UDS_DIR_IN, 0, 0, 0);
	return 0;
}

/* Emitted at entry: after close the socket may already be gone. */
SEC("tracepoint/syscalls/sys_enter_close")
int enter_close(struct sys_enter_ctx *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct socket *sock;
	struct stash st = {};

	if (!wanted(id >> 32))
		return 0;
	sock = unix_socket_of(ctx->args[0]);
	if (!sock)
		return 0;
	st.start_ns = bpf_ktime_get_ns();
	st.sys = UDS_SYS_CLOSE;
	emit_socket(&st, 0, UDS_EV_CLOSE, sock, ctx->args[0]);
	return 0;
}
