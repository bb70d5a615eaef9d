package dev.udsotel.agent.it.workload;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The application-side I/O paths the agent must see, each exactly once per byte. */
final class Transports {
    private Transports() {}

    private static int readChecked(SocketChannel channel, ByteBuffer buffer) throws IOException {
        int position = buffer.position();
        int limit = buffer.limit();
        int n = channel.read(buffer);
        BufferChecks.after(buffer, position, limit, n);
        if (n < 0) {
            throw new EOFException("end of stream with " + buffer.remaining() + " bytes still expected");
        }
        return n;
    }

    private static int writeChecked(SocketChannel channel, ByteBuffer buffer) throws IOException {
        int position = buffer.position();
        int limit = buffer.limit();
        int n = channel.write(buffer);
        BufferChecks.after(buffer, position, limit, n);
        return n;
    }

    /** Heap buffers that are slices of larger arrays, so their array offset is not zero. */
    static final class Heap implements Transport {
        @Override
        public void write(SocketChannel channel, byte[] data, int offset, int length) throws IOException {
            byte[] padded = new byte[length + 11];
            System.arraycopy(data, offset, padded, 7, length);
            ByteBuffer buffer = ByteBuffer.wrap(padded, 7, length).slice();
            while (buffer.hasRemaining()) {
                writeChecked(channel, buffer);
            }
        }

        @Override
        public void read(SocketChannel channel, byte[] into, int offset, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(new byte[length + 5], 3, length).slice();
            while (buffer.hasRemaining()) {
                readChecked(channel, buffer);
            }
            buffer.flip();
            buffer.get(into, offset, length);
        }
    }

    static final class Direct implements Transport {
        @Override
        public void write(SocketChannel channel, byte[] data, int offset, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocateDirect(length);
            buffer.put(data, offset, length).flip();
            while (buffer.hasRemaining()) {
                writeChecked(channel, buffer);
            }
        }

        @Override
        public void read(SocketChannel channel, byte[] into, int offset, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocateDirect(length);
            while (buffer.hasRemaining()) {
                readChecked(channel, buffer);
            }
            buffer.flip();
            buffer.get(into, offset, length);
        }
    }

    /** Writes from read-only views (what a cached response body often is); reads into plain heap buffers. */
    static final class ReadOnly implements Transport {
        @Override
        public void write(SocketChannel channel, byte[] data, int offset, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(data, offset, length).asReadOnlyBuffer();
            while (buffer.hasRemaining()) {
                writeChecked(channel, buffer);
            }
        }

        @Override
        public void read(SocketChannel channel, byte[] into, int offset, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(into, offset, length);
            while (buffer.hasRemaining()) {
                readChecked(channel, buffer);
            }
        }
    }

    /** write(ByteBuffer[]) and read(ByteBuffer[]) over three buffers of uneven sizes, heap and direct mixed. */
    static final class ScatterGather implements Transport {
        @Override
        public void write(SocketChannel channel, byte[] data, int offset, int length) throws IOException {
            ByteBuffer[] buffers = split(length);
            for (ByteBuffer b : buffers) {
                b.put(data, offset, b.remaining());
                offset += b.limit();
                b.flip();
            }
            while (buffers[2].hasRemaining()) {
                int[] positions = BufferChecks.positions(buffers);
                int[] limits = BufferChecks.limits(buffers);
                long n = channel.write(buffers);
                BufferChecks.after(buffers, positions, limits, n);
            }
        }

        @Override
        public void read(SocketChannel channel, byte[] into, int offset, int length) throws IOException {
            ByteBuffer[] buffers = split(length);
            while (buffers[2].hasRemaining()) {
                int[] positions = BufferChecks.positions(buffers);
                int[] limits = BufferChecks.limits(buffers);
                long n = channel.read(buffers);
                BufferChecks.after(buffers, positions, limits, n);
                if (n < 0) {
                    throw new EOFException("end of stream during a scattering read");
                }
            }
            for (ByteBuffer b : buffers) {
                b.flip();
                int size = b.remaining();
                b.get(into, offset, size);
                offset += size;
            }
        }

        private static ByteBuffer[] split(int length) {
            int first = Math.min(length, 7);
            int second = Math.min(length - first, length / 3);
            int third = length - first - second;
            return new ByteBuffer[] {
                ByteBuffer.allocate(first), ByteBuffer.allocateDirect(second), ByteBuffer.allocate(third)
            };
        }
    }

    /** Channels.newOutputStream / newInputStream (JDK 19+: blockingWriteFully / blockingRead). */
    static final class Streams implements Transport {
        @Override
        public void write(SocketChannel channel, byte[] data, int offset, int length) throws IOException {
            OutputStream out = Channels.newOutputStream(channel);
            out.write(data, offset, length);
            out.flush();
        }

        @Override
        public void read(SocketChannel channel, byte[] into, int offset, int length) throws IOException {
            InputStream in = Channels.newInputStream(channel);
            int got = in.readNBytes(into, offset, length);
            if (got != length) {
                throw new EOFException("stream ended after " + got + " of " + length + " bytes");
            }
        }
    }

    /** FileChannel.transferTo into the socket (sendfile) and FileChannel.transferFrom out of it. */
    static final class FileTransfer implements Transport {
        @Override
        public void write(SocketChannel channel, byte[] data, int offset, int length) throws IOException {
            Path file = Files.createTempFile("uds-it-send", ".bin");
            try (FileChannel source = FileChannel.open(
                    file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE)) {
                ByteBuffer content = ByteBuffer.wrap(data, offset, length);
                while (content.hasRemaining()) {
                    source.write(content);
                }
                long sent = 0;
                while (sent < length) {
                    sent += source.transferTo(sent, length - sent, channel);
                }
                if (source.position() != length) {
                    BufferChecks.violations.incrementAndGet(); // transferTo must leave the file position alone
                }
            }
        }

        @Override
        public void read(SocketChannel channel, byte[] into, int offset, int length) throws IOException {
            Path file = Files.createTempFile("uds-it-receive", ".bin");
            try (FileChannel target = FileChannel.open(
                    file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE)) {
                long received = 0;
                while (received < length) {
                    long n = target.transferFrom(channel, received, length - received);
                    if (n == 0) {
                        throw new EOFException(
                                "transferFrom moved nothing after " + received + " of " + length + " bytes");
                    }
                    received += n;
                }
                ByteBuffer content = ByteBuffer.wrap(into, offset, length);
                while (content.hasRemaining()) {
                    target.read(content, content.position() - offset);
                }
            }
        }
    }

    /** Non-blocking channels driven by a Selector: OP_WRITE before writing, OP_READ before reading. */
    static final class NonBlocking implements Transport {
        @Override
        public void opened(SocketChannel channel) throws IOException {
            channel.configureBlocking(false);
        }

        @Override
        public void write(SocketChannel channel, byte[] data, int offset, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(data, offset, length);
            try (Selector selector = Selector.open()) {
                channel.register(selector, SelectionKey.OP_WRITE);
                while (buffer.hasRemaining()) {
                    selector.select();
                    selector.selectedKeys().clear();
                    writeChecked(channel, buffer);
                }
            }
        }

        @Override
        public void read(SocketChannel channel, byte[] into, int offset, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(into, offset, length);
            try (Selector selector = Selector.open()) {
                channel.register(selector, SelectionKey.OP_READ);
                while (buffer.hasRemaining()) {
                    selector.select();
                    selector.selectedKeys().clear();
                    readChecked(channel, buffer);
                }
            }
        }

        /** Connects the way a selector-driven client does: connect, then OP_CONNECT and finishConnect. */
        static SocketChannel connect(java.net.SocketAddress address) throws IOException {
            SocketChannel channel = SocketChannel.open(java.net.StandardProtocolFamily.UNIX);
            channel.configureBlocking(false);
            if (!channel.connect(address)) {
                try (Selector selector = Selector.open()) {
                    channel.register(selector, SelectionKey.OP_CONNECT);
                    while (!channel.finishConnect()) {
                        selector.select();
                        selector.selectedKeys().clear();
                    }
                }
            } else if (!channel.finishConnect()) {
                throw new IOException("finishConnect after a completed connect returned false");
            }
            return channel;
        }
    }
}
