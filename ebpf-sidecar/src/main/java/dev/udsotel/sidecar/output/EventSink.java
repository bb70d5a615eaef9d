package dev.udsotel.sidecar.output;

import java.io.IOException;

/** One place captured events go: the live view, a JSON or pcap file, the span exporter. */
public interface EventSink extends AutoCloseable {
    void accept(TracedEvent event) throws IOException;

    /**
     * Whether this sink takes events as captured and applies the redaction policy itself (spans, built from whole
     * exchanges); other sinks get every event after {@link PayloadRedaction}.
     */
    default boolean redactsItself() {
        return false;
    }

    /** Events were dropped (in the kernel or in user space), so what is being assembled may have holes. */
    default void eventsLost() {}

    /** Pushes out whatever is buffered; called on progress ticks and at shutdown. */
    default void flush() throws IOException {}

    @Override
    default void close() throws IOException {
        flush();
    }
}
