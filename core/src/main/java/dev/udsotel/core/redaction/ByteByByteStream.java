package dev.udsotel.core.redaction;

/**
 * A {@link StreamRedactor} for a framed protocol read one byte at a time: the subclass says of each captured byte
 * whether it is secret, and moves its framing past the bytes that went by uncaptured.
 */
public abstract class ByteByByteStream implements StreamRedactor {
    @Override
    public final boolean redact(byte[] captured, long total) {
        boolean any = false;
        for (int i = 0; i < captured.length; i++) {
            if (secret(captured[i])) {
                captured[i] = SecretRanges.FILL;
                any = true;
            }
        }
        if (total > captured.length) {
            uncaptured(total - captured.length);
        }
        return any;
    }

    /** Takes the next byte of the stream; whether it is to be overwritten. */
    protected abstract boolean secret(byte b);

    /** {@code count} bytes of the stream went by without being captured. */
    protected abstract void uncaptured(long count);
}
