package dev.udsotel.agent.it.workload;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/** One way an application moves bytes over a connected socket channel; used the same way by client and server. */
interface Transport {
    /** Sends {@code length} bytes of {@code data} from {@code offset}, all of them. */
    void write(SocketChannel channel, byte[] data, int offset, int length) throws IOException;

    /** Receives exactly {@code length} bytes into {@code into} at {@code offset}. */
    void read(SocketChannel channel, byte[] into, int offset, int length) throws IOException;

    /** Prepares a freshly connected or accepted channel (e.g. makes it non-blocking). */
    default void opened(SocketChannel channel) throws IOException {}
}
