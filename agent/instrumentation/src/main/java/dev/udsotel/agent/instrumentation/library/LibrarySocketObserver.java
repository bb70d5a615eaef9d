package dev.udsotel.agent.instrumentation.library;

import dev.udsotel.agent.bridge.UdsOtelSocketObserver;
import dev.udsotel.agent.instrumentation.record.EventRecorder;

/** Hands what one library's advice reports to the recorder, with the library's own way of reading its sockets. */
public final class LibrarySocketObserver implements UdsOtelSocketObserver {
    private final EventRecorder recorder;
    private final LibrarySockets sockets;

    public LibrarySocketObserver(EventRecorder recorder, LibrarySockets sockets) {
        this.recorder = recorder;
        this.sockets = sockets;
    }

    @Override
    public void onConnect(Object socket, Object remote, boolean connected, Throwable error, long startNanos) {
        recorder.onLibraryConnect(socket, sockets.pathOf(remote), sockets, connected, error, startNanos);
    }

    @Override
    public void onAccept(Object accepted, Object local, long startNanos) {
        recorder.onLibraryAccept(accepted, sockets.pathOf(local), sockets, startNanos);
    }

    @Override
    public void onBytes(Object socket, boolean outbound, Object buffer, long index, long bytes, long startNanos) {
        recorder.onLibraryBytes(socket, sockets, outbound, sockets, buffer, index, bytes, startNanos);
    }

    @Override
    public void onShutdown(Object socket, boolean input) {
        recorder.onShutdown(socket, input);
    }

    @Override
    public void onClose(Object socket) {
        recorder.onClose(socket);
    }
}
