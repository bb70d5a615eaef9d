package dev.udsotel.core.redaction;

/**
 * A preview after redaction.
 *
 * @param bytes the preview, a new array whenever anything was removed
 * @param changed whether a secret was removed
 */
public record Redacted(byte[] bytes, boolean changed) {
    public static Redacted unchanged(byte[] bytes) {
        return new Redacted(bytes, false);
    }
}
