package dev.udsotel.agent.instrumentation.record;

/** Copies the first bytes of a library's own buffer type, which the agent's class loader cannot see. */
@FunctionalInterface
public interface BufferCopier {
    /** Copies up to {@code into.length} bytes from {@code index} on; answers how many were copied. */
    int copy(Object buffer, long index, byte[] into);
}
