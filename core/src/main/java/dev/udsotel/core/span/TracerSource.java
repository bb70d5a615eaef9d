package dev.udsotel.core.span;

import dev.udsotel.core.event.ProcessIdentity;
import io.opentelemetry.api.trace.Tracer;

/** Gives the tracer whose resource describes the observed process. */
public interface TracerSource {
    Tracer tracerFor(ProcessIdentity process);
}
