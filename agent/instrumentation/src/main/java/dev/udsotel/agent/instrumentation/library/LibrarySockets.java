package dev.udsotel.agent.instrumentation.library;

import dev.udsotel.agent.instrumentation.record.BufferCopier;
import dev.udsotel.agent.instrumentation.record.SocketFacts;

/**
 * How the agent reads one library's socket, address and buffer objects. Their classes belong to the application's
 * class loader, which the agent's cannot see, so implementations reach them reflectively, off the hot path: once per
 * connection, and for the few payload bytes an exchange keeps.
 */
public interface LibrarySockets extends SocketFacts, BufferCopier {
    /** The socket path an address of the library names, or "" for any other address. */
    String pathOf(Object address);
}
