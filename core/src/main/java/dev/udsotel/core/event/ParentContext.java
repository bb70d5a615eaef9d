package dev.udsotel.core.event;

/**
 * The application's span that was current when an exchange began, so the exchange nests in its trace.
 *
 * @param traceId 32 lower-case hex characters
 * @param spanId 16 lower-case hex characters
 * @param traceFlags the W3C trace flags byte (1 = sampled)
 */
public record ParentContext(String traceId, String spanId, byte traceFlags) {
    /** Whether the application's span is sampled (W3C flag 1): an exchange under one that is not is not recorded. */
    public boolean sampled() {
        return (traceFlags & 1) != 0;
    }
}
