package dev.udsotel.core.conversation;

/**
 * What crossed the socket in one direction of an exchange.
 *
 * @param totalBytes every byte that moved, captured or not
 * @param prefix the first bytes, as many as the capture limit allowed
 */
public record Captured(long totalBytes, byte[] prefix) {
    public static final Captured EMPTY = new Captured(0, new byte[0]);

    public boolean truncated() {
        return prefix.length < totalBytes;
    }

    public boolean isEmpty() {
        return totalBytes == 0;
    }
}
