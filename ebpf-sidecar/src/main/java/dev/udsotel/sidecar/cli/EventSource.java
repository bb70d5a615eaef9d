package dev.udsotel.sidecar.cli;

import dev.udsotel.sidecar.output.DropCounts;
import dev.udsotel.sidecar.output.TracedEvent;
import java.util.function.Consumer;

/** Where captured events come from, as far as the CLI needs to know. */
interface EventSource extends AutoCloseable {
    /**
     * Waits up to {@code timeoutMillis} for events and hands each to {@code consumer} on this thread; answers how many
     * records were read (0: none was pending).
     */
    int poll(int timeoutMillis, Consumer<TracedEvent> consumer);

    /** Events lost so far, in the kernel and on their way to the consumer. */
    DropCounts drops();

    @Override
    void close();
}
