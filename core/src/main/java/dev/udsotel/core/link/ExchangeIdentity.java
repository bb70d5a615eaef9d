package dev.udsotel.core.link;

import java.util.HexFormat;

/**
 * The trace and span ids both ends of an exchange derive from what they share, with no byte added to the traffic:
 * the host's boot id, the connection's two socket inodes and the exchange's number among the connection's request
 * turns. The client end gives its span {@link #traceId()} and {@link #clientSpanId()} when that span starts a trace;
 * the server end names that span as its parent and takes {@link #serverSpanId()}.
 *
 * <p>No two exchanges of one boot share a trace id: the inodes (32-bit numbers from the kernel's get_next_ino) and the
 * sequence fill exactly 128 bits, which a Feistel network keyed by the boot id permutes. A permutation maps distinct
 * inputs to distinct outputs whatever its round function, so the only way to a repeated trace id within a boot is a
 * repeated (inode pair, sequence): the same two inodes connected to each other again after the kernel's 32-bit inode
 * counter wrapped. Across boots the key changes, and ids collide only by chance (128 random-looking bits).
 *
 * @param traceId 32 lower-case hex characters
 * @param clientSpanId 16 lower-case hex characters
 * @param serverSpanId 16 lower-case hex characters, never equal to the client's
 */
public record ExchangeIdentity(String traceId, String clientSpanId, String serverSpanId) {
    private static final HexFormat HEX = HexFormat.of();
    private static final int ROUNDS = 6;
    private static final long CLIENT_SALT = 0x636c69656e742d31L;
    private static final long SERVER_SALT = 0x7365727665722d31L;

    /** The keys one boot's identities are derived with. */
    public static final class Keys {
        private final long[] round = new long[ROUNDS];

        public Keys(BootId boot) {
            for (int i = 0; i < ROUNDS; i++) {
                round[i] = mix(boot.high() + (i + 1) * 0x9e3779b97f4a7c15L)
                        ^ mix(boot.low() - (i + 1) * 0xc2b2ae3d27d4eb4fL);
            }
        }

        /**
         * The identity of the {@code sequence}-th request turn (1 for the first) on the connection between the sockets
         * with these inodes, in either order.
         */
        public ExchangeIdentity derive(long inode, long peerInode, long sequence) {
            long lowInode = Math.min(inode, peerInode);
            long highInode = Math.max(inode, peerInode);
            long left = highInode << 32 ^ lowInode;
            long right = sequence;
            for (long key : round) {
                long next = left ^ mix(right ^ key);
                left = right;
                right = next;
            }
            if ((left | right) == 0) {
                right = 1; // the all-zero trace id is invalid; 2^-128 of inputs land here
            }
            long client = nonZero(mix(left ^ mix(right ^ CLIENT_SALT)));
            long server = nonZero(mix(right ^ mix(left ^ SERVER_SALT)));
            if (server == client) {
                server = nonZero(server + 1);
            }
            return new ExchangeIdentity(
                    HEX.toHexDigits(left) + HEX.toHexDigits(right), HEX.toHexDigits(client), HEX.toHexDigits(server));
        }
    }

    private static long nonZero(long id) {
        return id == 0 ? 1 : id;
    }

    /** MurmurHash3's 64-bit finalizer: every input bit flips about half the output bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
