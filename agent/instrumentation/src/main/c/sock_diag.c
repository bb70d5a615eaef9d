// The agent's only native code, for what Java cannot do (package dev.udsotel.agent.instrumentation.host):
// - SockDiag: the peer of a Unix socket, by inode, from the kernel's sock_diag netlink interface (what `ss -x`
//   reads). One netlink socket, used under a lock.
// - SockDiag also: the peer's pid (SO_PEERCRED), which Java's own SO_PEERCRED option leaves out.
// - IdleScheduling: the export thread's scheduling class (SCHED_IDLE while it runs, SCHED_OTHER again at exit).
#define _GNU_SOURCE /* SCHED_IDLE */
#include <jni.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int diag_fd = -1;
static unsigned int sequence;

static int open_diag(void) {
    if (diag_fd < 0) {
        diag_fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    }
    return diag_fd;
}

// Returns the peer's inode, 0 when the socket has no (named) peer, or -errno.
static jlong peer_of(unsigned int inode) {
    struct {
        struct nlmsghdr header;
        struct unix_diag_req request;
    } message;
    memset(&message, 0, sizeof message);
    message.header.nlmsg_len = sizeof message;
    message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    message.header.nlmsg_flags = NLM_F_REQUEST;
    message.header.nlmsg_seq = ++sequence;
    message.request.sdiag_family = AF_UNIX;
    message.request.udiag_states = ~0U;
    message.request.udiag_ino = inode;
    message.request.udiag_show = UDIAG_SHOW_PEER;
    message.request.udiag_cookie[0] = ~0U;  // INET_DIAG_NOCOOKIE: look the socket up by inode alone
    message.request.udiag_cookie[1] = ~0U;

    int fd = open_diag();
    if (fd < 0) {
        return -errno;
    }
    if (send(fd, &message, sizeof message, 0) < 0) {
        return -errno;
    }
    // The answer to an exact request is one message; older answers (a timed-out earlier call) are skipped by seq.
    for (int attempts = 0; attempts < 4; attempts++) {
        long buffer[1024];
        ssize_t length = recv(fd, buffer, sizeof buffer, 0);
        if (length < 0) {
            return -errno;
        }
        for (struct nlmsghdr *h = (struct nlmsghdr *) buffer; NLMSG_OK(h, (unsigned int) length); h = NLMSG_NEXT(h, length)) {
            if (h->nlmsg_seq != sequence) {
                continue;
            }
            if (h->nlmsg_type == NLMSG_ERROR) {
                struct nlmsgerr *error = NLMSG_DATA(h);
                return error->error < 0 ? error->error : -EPROTO;
            }
            if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY) {
                return -EPROTO;
            }
            struct unix_diag_msg *diag = NLMSG_DATA(h);
            int attributes_length = h->nlmsg_len - NLMSG_LENGTH(sizeof *diag);
            for (struct rtattr *a = (struct rtattr *) (diag + 1); RTA_OK(a, attributes_length); a = RTA_NEXT(a, attributes_length)) {
                if (a->rta_type == UNIX_DIAG_PEER && RTA_PAYLOAD(a) >= sizeof(unsigned int)) {
                    return *(unsigned int *) RTA_DATA(a);
                }
            }
            return 0;
        }
    }
    return -EPROTO;
}

JNIEXPORT jlong JNICALL Java_dev_udsotel_agent_instrumentation_host_SockDiag_peerInode0(JNIEnv *env, jclass type, jlong inode) {
    (void) env;
    (void) type;
    if (inode <= 0 || inode > 0xffffffffL) {
        return -EINVAL;
    }
    pthread_mutex_lock(&lock);
    jlong peer = peer_of((unsigned int) inode);
    pthread_mutex_unlock(&lock);
    return peer;
}

/* The pid of the process at the other end of a connected Unix socket of this process, or -errno. */
JNIEXPORT jint JNICALL Java_dev_udsotel_agent_instrumentation_host_SockDiag_peerPid0(JNIEnv *env, jclass type, jint fd) {
    (void) env;
    (void) type;
    struct ucred credentials;
    socklen_t length = sizeof credentials;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0) {
        return -errno;
    }
    return credentials.pid > 0 ? credentials.pid : -ENOTCONN;
}

/* SCHED_IDLE for the calling thread only: the agent's export thread then runs on CPU time the application leaves. */
JNIEXPORT jint JNICALL Java_dev_udsotel_agent_instrumentation_host_IdleScheduling_idleCurrentThread0(JNIEnv *env, jclass type) {
    (void) env;
    (void) type;
    struct sched_param param = { .sched_priority = 0 };
    return sched_setscheduler(0, SCHED_IDLE, &param) == 0 ? 0 : errno;
}

JNIEXPORT jint JNICALL Java_dev_udsotel_agent_instrumentation_host_IdleScheduling_currentThreadId0(JNIEnv *env, jclass type) {
    (void) env;
    (void) type;
    return (jint) syscall(SYS_gettid);
}

/* Back to SCHED_OTHER for one thread of this process, so it finishes its work at exit on a saturated host. */
JNIEXPORT jint JNICALL Java_dev_udsotel_agent_instrumentation_host_IdleScheduling_normal0(JNIEnv *env, jclass type, jint tid) {
    (void) env;
    (void) type;
    struct sched_param param = { .sched_priority = 0 };
    return sched_setscheduler((pid_t) tid, SCHED_OTHER, &param) == 0 ? 0 : errno;
}
