package dev.udsotel.core.protocol;

/**
 * Which secrets decoders must remove from previews before they leave the process.
 *
 * @param enabled false only when the user explicitly turned redaction off
 */
public record Redaction(boolean enabled) {
    public static final Redaction DEFAULT = new Redaction(true);
}
