package dev.udsotel.core.link;

import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * The SDK's id generator for uds-otel's tracers: random ids, except for the span the calling thread announced with
 * {@link #forNextSpan}, which gets the derived ids instead. The SDK asks for a span id at every start, and for a trace
 * id only when the span has no parent.
 */
public final class DerivedIds implements IdGenerator {
    public static final DerivedIds GENERATOR = new DerivedIds();

    private final IdGenerator random = IdGenerator.random();
    private final ThreadLocal<String[]> next = ThreadLocal.withInitial(() -> new String[2]);

    private DerivedIds() {}

    /** The ids of the next span this thread starts; either may be null for a random one. Call {@link #clear} after it. */
    public void forNextSpan(String traceId, String spanId) {
        String[] ids = next.get();
        ids[0] = traceId;
        ids[1] = spanId;
    }

    public void clear() {
        String[] ids = next.get();
        ids[0] = null;
        ids[1] = null;
    }

    @Override
    public String generateSpanId() {
        String id = next.get()[1];
        return id != null ? id : random.generateSpanId();
    }

    @Override
    public String generateTraceId() {
        String id = next.get()[0];
        return id != null ? id : random.generateTraceId();
    }
}
