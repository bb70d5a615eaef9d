package dev.udsotel.agent.instrumentation.record;

import dev.udsotel.agent.instrumentation.host.PeerProcesses;
import dev.udsotel.core.event.Connection;
import java.lang.reflect.Field;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Reads what the kernel knows about a channel's socket: its inode (from /proc/self/fd, the same number the
 * eBPF sidecar sees) and the peer's credentials (SO_PEERCRED, with the pid from {@link PeerProcesses}). Needs sun.nio.ch and sun.nio.fs opened to the agent.
 */
final class SocketIntrospection implements SocketFacts {
    private final Field fdVal = field("sun.nio.ch.SocketChannelImpl", "fdVal");
    private final Field principalId = field("sun.nio.fs.UnixUserPrincipals$User", "id");

    @Override
    public long inode(Object channel) {
        if (fdVal == null) {
            return 0;
        }
        try {
            return inodeOfFd(fdVal.getInt(channel));
        } catch (Exception e) {
            return 0;
        }
    }

    /** The inode of the socket behind a file descriptor of this process, or 0. */
    static long inodeOfFd(int fd) {
        if (fd < 0) {
            return 0;
        }
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            if (link.startsWith("socket:[") && link.endsWith("]")) {
                return Long.parseLong(link, 8, link.length() - 1, 10);
            }
        } catch (Exception e) {
            // closed meanwhile, or no /proc: the connection id falls back to the agent's own key
        }
        return 0;
    }

    @Override
    public void readPeerCredentials(Object channel, Connection connection) {
        try {
            UnixDomainPrincipal peer = ((SocketChannel) channel).getOption(ExtendedSocketOptions.SO_PEERCRED);
            int pid = fdVal == null ? 0 : PeerProcesses.pidOf(fdVal.getInt(channel));
            connection.peerCredentials(
                    pid > 0 ? pid : Connection.UNKNOWN, numericId(peer.user()), numericId(peer.group()));
        } catch (Exception | LinkageError e) {
            // not connected any more, or SO_PEERCRED unsupported: credentials stay unknown
        }
    }

    static String pathOf(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress unix) {
            return unix.getPath().toString();
        }
        return "";
    }

    private int numericId(UserPrincipal principal) throws IllegalAccessException {
        if (principalId != null && principalId.getDeclaringClass().isInstance(principal)) {
            return principalId.getInt(principal);
        }
        String name = principal.getName();
        return name.chars().allMatch(Character::isDigit) && !name.isEmpty()
                ? Integer.parseInt(name)
                : Connection.UNKNOWN;
    }

    private static Field field(String className, String name) {
        try {
            Field f = Class.forName(className, false, null).getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (Exception | LinkageError e) {
            return null;
        }
    }
}
