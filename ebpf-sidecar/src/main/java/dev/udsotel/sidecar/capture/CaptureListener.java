package dev.udsotel.sidecar.capture;

import dev.udsotel.core.event.IoEvent;
import java.util.List;

/** Receives each captured record together with the core events it became (possibly none). */
@FunctionalInterface
public interface CaptureListener {
    void onEvent(UdsEvent raw, List<IoEvent> events);
}
