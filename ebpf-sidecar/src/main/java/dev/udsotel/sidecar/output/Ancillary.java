package dev.udsotel.sidecar.output;

/**
 * What a message carried besides its bytes, as the probe counted it in the control buffer of sendmsg/recvmsg.
 *
 * @param passedFds file descriptors passed with SCM_RIGHTS
 * @param credentials whether SCM_CREDENTIALS (pid, uid, gid) came along
 */
public record Ancillary(int passedFds, boolean credentials) {
    public static final Ancillary NONE = new Ancillary(0, false);

    public boolean any() {
        return passedFds > 0 || credentials;
    }

    /** Such as {@code [3 fds passed, credentials]}, or empty. */
    public String describe() {
        if (!any()) {
            return "";
        }
        StringBuilder d = new StringBuilder("[");
        if (passedFds > 0) {
            d.append(passedFds).append(passedFds == 1 ? " fd passed" : " fds passed");
        }
        if (credentials) {
            d.append(passedFds > 0 ? ", " : "").append("credentials");
        }
        return d.append(']').toString();
    }
}
