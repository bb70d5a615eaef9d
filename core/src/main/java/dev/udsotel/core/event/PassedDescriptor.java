package dev.udsotel.core.event;

import java.util.Locale;

/**
 * One file descriptor passed with SCM_RIGHTS, as it was when the message moved.
 *
 * @param type what the descriptor refers to
 * @param inode its inode number (a socket's or pipe's inode identifies it host-wide), 0 when unknown
 * @param name a file's or directory's last path component, a memfd's name ({@code memfd:NAME}), an anonymous
 *     inode's name ({@code [eventfd]}), an AF_UNIX socket's bound path; empty when it has none
 * @param socketFamily for a socket, its address family ({@code unix}, {@code inet}, {@code inet6}, ...); else empty
 * @param socketType for a socket, {@code stream}, {@code dgram}, {@code seqpacket}; else empty
 */
public record PassedDescriptor(Type type, long inode, String name, String socketFamily, String socketType) {
    /** File types as S_IFMT tells them apart, with memfds and anonymous inodes named apart from plain files. */
    public enum Type {
        FILE,
        DIRECTORY,
        SOCKET,
        PIPE,
        CHAR_DEVICE,
        BLOCK_DEVICE,
        SYMLINK,
        MEMFD,
        ANON_INODE,
        UNKNOWN;

        /** The attribute and JSON value: {@code file}, {@code char_device}, ... */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public PassedDescriptor {
        name = name == null ? "" : name;
        socketFamily = socketFamily == null ? "" : socketFamily;
        socketType = socketType == null ? "" : socketType;
    }
}
