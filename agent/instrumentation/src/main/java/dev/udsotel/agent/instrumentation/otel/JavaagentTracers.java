package dev.udsotel.agent.instrumentation.otel;

import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.core.span.TracerSource;
import io.opentelemetry.api.trace.Tracer;

/**
 * Gives the spans of this process to the OpenTelemetry Java agent's pipeline when that agent runs in the JVM, so they
 * share its resource (service.name, service.instance.id...), its sampler and its exporter: one trace and one identity.
 * Otherwise, and for other processes, the agent's own export. Asked on the export thread, which first builds spans
 * after both agents' premain ran, whatever their order.
 */
public final class JavaagentTracers implements TracerSource {
    static final String INSTRUMENTATION_NAME = "dev.udsotel.agent";

    private final TracerSource own;
    private final ProcessIdentity self;
    private final String version;
    private final JavaagentShutdown shutdown;
    private static final long LOOK_AGAIN_NANOS = 10_000_000_000L;

    private JavaagentApi api;
    private long lookedUpAt;
    private boolean lookedUp;
    private volatile Tracer bridged;

    /**
     * @param version this agent's version, the tracer's instrumentation version
     * @param shutdown adopts that agent's shutdown hook once spans go through its SDK
     */
    public JavaagentTracers(TracerSource own, ProcessIdentity self, String version, JavaagentShutdown shutdown) {
        this.own = own;
        this.self = self;
        this.version = version;
        this.shutdown = shutdown;
    }

    @Override
    public Tracer tracerFor(ProcessIdentity process) {
        if (process.pid() != self.pid()) {
            return own.tracerFor(process);
        }
        Tracer tracer = bridged;
        if (tracer == null) {
            tracer = bridge();
        }
        return tracer != null ? tracer : own.tracerFor(process);
    }

    /** Whether this agent's spans go through the OpenTelemetry Java agent. */
    public boolean bridged() {
        return bridged != null;
    }

    @Override
    public boolean countsExports(ProcessIdentity process) {
        return process.pid() != self.pid() || bridged == null ? own.countsExports(process) : false;
    }

    private synchronized Tracer bridge() {
        if (bridged != null) {
            return bridged;
        }
        long now = System.nanoTime();
        if (api == null && (!lookedUp || now - lookedUpAt > LOOK_AGAIN_NANOS)) {
            // looked up again now and then: the OpenTelemetry agent may be attached after this one
            api = JavaagentApi.find();
            lookedUp = true;
            lookedUpAt = now;
        }
        if (api == null || !api.started()) {
            return null;
        }
        Object tracer = BridgedTracer.call(api.getTracer, null, INSTRUMENTATION_NAME, version);
        bridged = new BridgedTracer(api, tracer);
        shutdown.adopt();
        return bridged;
    }
}
