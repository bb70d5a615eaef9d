package dev.udsotel.core.span;

import dev.udsotel.core.event.ProcessIdentity;
import io.opentelemetry.api.trace.Tracer;

/** Gives the tracer whose resource describes the observed process. */
public interface TracerSource {
    Tracer tracerFor(ProcessIdentity process);

    /** Whether the spans of {@code process} reach the exporters that {@link dev.udsotel.core.export.ExportCounts} follows. */
    default boolean countsExports(ProcessIdentity process) {
        return true;
    }
}
