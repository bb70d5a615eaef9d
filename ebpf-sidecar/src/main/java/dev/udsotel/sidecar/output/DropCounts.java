package dev.udsotel.sidecar.output;

/**
 * Events lost before they were shown.
 *
 * @param kernel records the BPF programs could not reserve in the ring buffer
 * @param user records user space read but could not keep up with
 */
public record DropCounts(long kernel, long user) {
    public static final DropCounts NONE = new DropCounts(0, 0);

    public DropCounts plus(DropCounts other) {
        return new DropCounts(kernel + other.kernel, user + other.user);
    }
}
