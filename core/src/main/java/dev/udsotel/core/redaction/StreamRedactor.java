package dev.udsotel.core.redaction;

import dev.udsotel.core.event.Pieces;

/**
 * Removes the secrets of one direction of one connection as its messages pass, in place and keeping every length,
 * so per-message outputs (the sidecar's live view, JSON and pcap) stay framed as the protocol is. Holds the
 * protocol state that a secret split over several messages needs, bounded. Used by one thread.
 */
public interface StreamRedactor {
    /**
     * Overwrites the secrets among the captured bytes of the next message with {@link SecretRanges#FILL}.
     *
     * @param captured the first bytes of the message, overwritten in place
     * @param total how many bytes the message had; those past {@code captured} were not captured but still count
     * @return whether any byte was overwritten
     */
    boolean redact(byte[] captured, long total);

    /**
     * The same for a message captured as a prefix and {@link Pieces} past it: only the prefix is shown, so only it is
     * overwritten; a redactor that follows framing reads the pieces to keep its state in step. Others ignore them.
     */
    default boolean redact(byte[] captured, Pieces pieces, long total) {
        return redact(captured, total);
    }
}
