package dev.udsotel.agent.instrumentation;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import sun.nio.ch.UdsOtelChannelObserver;

/**
 * The observer while the SDK starts: records through the real one and notes that a UNIX channel was used, which tells
 * the exit whether there is anything to wait for. Replaced by the real observer once export runs, so the hot path
 * pays for the flag only during start-up.
 */
final class StartUpObserver implements UdsOtelChannelObserver {
    private final UdsOtelChannelObserver recorder;
    private volatile boolean called;

    StartUpObserver(UdsOtelChannelObserver recorder) {
        this.recorder = recorder;
    }

    boolean called() {
        return called;
    }

    @Override
    public void onBuffer(Object channel, boolean outbound, ByteBuffer buffer, long bytes, long startNanos) {
        called = true;
        recorder.onBuffer(channel, outbound, buffer, bytes, startNanos);
    }

    @Override
    public Object beforeBuffers(Object channel, ByteBuffer[] buffers, int offset, int length) {
        called = true;
        return recorder.beforeBuffers(channel, buffers, offset, length);
    }

    @Override
    public void onBuffers(Object channel, boolean outbound, ByteBuffer[] buffers, int offset, int length, Object before,
            long bytes, long startNanos) {
        called = true;
        recorder.onBuffers(channel, outbound, buffers, offset, length, before, bytes, startNanos);
    }

    @Override
    public void onArray(Object channel, boolean outbound, byte[] array, int offset, long bytes, long startNanos) {
        called = true;
        recorder.onArray(channel, outbound, array, offset, bytes, startNanos);
    }

    @Override
    public void onFileTransfer(Object channel, FileChannel file, long position, long bytes, long startNanos) {
        called = true;
        recorder.onFileTransfer(channel, file, position, bytes, startNanos);
    }

    @Override
    public void onConnect(Object channel, Object remote, boolean connected, Throwable error, long startNanos) {
        called = true;
        recorder.onConnect(channel, remote, connected, error, startNanos);
    }

    @Override
    public void onFinishConnect(Object channel, boolean connected, Throwable error) {
        called = true;
        recorder.onFinishConnect(channel, connected, error);
    }

    @Override
    public void onAccept(Object serverChannel, Object accepted, Throwable error, long startNanos) {
        called = true;
        recorder.onAccept(serverChannel, accepted, error, startNanos);
    }

    @Override
    public void onShutdown(Object channel, boolean input) {
        called = true;
        recorder.onShutdown(channel, input);
    }

    @Override
    public void onClose(Object channel) {
        called = true;
        recorder.onClose(channel);
    }
}
