package dev.udsotel.sidecar.output;

import dev.udsotel.core.event.Ancillary;
import dev.udsotel.core.event.Credentials;
import dev.udsotel.core.event.PassedDescriptor;
import dev.udsotel.core.event.PassedDescriptor.Type;

/** Descriptors and credentials as the live view shows them, such as {@code [1 fd passed: file data.txt]}. */
final class AncillaryText {
    private AncillaryText() {}

    /** Such as {@code [2 fds passed: file data.txt, pipe inode 4411; credentials pid 7 uid 0 gid 0]}, or empty. */
    static String describe(Ancillary a) {
        if (!a.any()) {
            return "";
        }
        StringBuilder d = new StringBuilder("[");
        if (a.passedFds() > 0) {
            d.append(a.passedFds()).append(a.passedFds() == 1 ? " fd passed" : " fds passed");
            String separator = ": ";
            for (PassedDescriptor fd : a.described()) {
                d.append(separator);
                descriptor(d, fd);
                separator = ", ";
            }
            int rest = a.passedFds() - a.described().size();
            if (rest > 0 && !a.described().isEmpty()) {
                d.append(", ").append(rest).append(" more");
            }
        }
        Credentials c = a.credentials();
        if (c != null) {
            d.append(a.passedFds() > 0 ? "; " : "")
                    .append("credentials pid ")
                    .append(c.pid())
                    .append(" uid ")
                    .append(Integer.toUnsignedString(c.uid()))
                    .append(" gid ")
                    .append(Integer.toUnsignedString(c.gid()));
        }
        return d.append(']').toString();
    }

    /** A memfd's name says what it is; sockets and pipes are known by their inode. */
    private static void descriptor(StringBuilder d, PassedDescriptor fd) {
        if (fd.type() == Type.MEMFD) {
            d.append(fd.name());
            return;
        }
        d.append(fd.type().label());
        if (fd.type() == Type.SOCKET) {
            d.append(' ').append(fd.socketFamily()).append(' ').append(fd.socketType());
        }
        if (!fd.name().isEmpty()) {
            d.append(' ').append(fd.name());
        }
        if (fd.type() == Type.SOCKET || fd.type() == Type.PIPE || fd.type() == Type.ANON_INODE) {
            d.append(" inode ").append(fd.inode());
        }
    }
}
