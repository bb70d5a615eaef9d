/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The few kernel structs the probe reads, as a CO-RE subset: libbpf relocates
 * every field access against /sys/kernel/btf/vmlinux at load, so only names
 * and types matter here, not offsets or completeness.
 */
#ifndef UDS_KERNEL_H
#define UDS_KERNEL_H

#define CORE __attribute__((preserve_access_index))

/* Padding here is the kernel's business: CO-RE finds fields by name. */
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wpadded"

struct inode {
	unsigned short i_mode;
	unsigned long i_ino;
} CORE;

struct qstr {
	union {
		struct {
			unsigned int hash;
			unsigned int len;
		};
		unsigned long long hash_len;
	};
	const unsigned char *name;
} CORE;

struct dentry {
	struct qstr d_name;
} CORE;

struct path {
	struct dentry *dentry;
} CORE;

struct file {
	struct inode *f_inode;
	struct path f_path;
	void *private_data;
} CORE;

struct fdtable {
	unsigned int max_fds;
	struct file **fd;
} CORE;

struct files_struct {
	struct fdtable *fdt;
} CORE;

struct upid {
	int nr;
} CORE;

struct pid {
	struct upid numbers[1];
} CORE;

struct task_struct {
	struct files_struct *files;
} CORE;

struct sock_common {
	unsigned short skc_family;
} CORE;

struct socket;

typedef struct {
	unsigned int val;
} kuid_t;

typedef struct {
	unsigned int val;
} kgid_t;

struct cred {
	kuid_t euid;
	kgid_t egid;
} CORE;

struct sock {
	struct sock_common __sk_common;
	struct pid *sk_peer_pid;
	const struct cred *sk_peer_cred;
	struct socket *sk_socket;
} CORE;

struct socket {
	short type;
	struct file *file;
	struct sock *sk;
} CORE;

struct socket_alloc {
	struct socket socket;
	struct inode vfs_inode;
} CORE;

/* uapi layouts: fixed, no relocation needed */
struct sockaddr_un {
	unsigned short sun_family;
	char sun_path[108];
};

struct unix_address {
	int len;
	struct sockaddr_un name[];
} CORE;

struct unix_sock {
	struct sock sk;
	struct unix_address *addr;
	struct sock *peer;
} CORE;

struct user_msghdr {
	void *msg_name;
	int msg_namelen;
	struct iovec *msg_iov;
	unsigned long msg_iovlen;
	void *msg_control;
	unsigned long msg_controllen;
	unsigned int msg_flags;
};

struct mmsghdr {
	struct user_msghdr msg_hdr;
	unsigned int msg_len;
};

struct iovec {
	void *iov_base;
	unsigned long iov_len;
};

struct cmsghdr {
	unsigned long cmsg_len;
	int cmsg_level;
	int cmsg_type;
};

struct ucred {
	unsigned int pid;
	unsigned int uid;
	unsigned int gid;
};

/* Syscall tracepoint contexts: the common header, then one 8-byte slot per argument. */
struct sys_enter_ctx {
	unsigned long long common;
	long syscall_nr;
	unsigned long args[6];
};

struct sys_exit_ctx {
	unsigned long long common;
	long syscall_nr;
	long ret;
};

#pragma clang diagnostic pop

#endif
