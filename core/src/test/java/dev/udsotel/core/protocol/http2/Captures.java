package dev.udsotel.core.protocol.http2;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.event.SocketType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bytes real HTTP/2 peers put on a Unix socket, recorded by a proxy between them (src/test/resources/http2):
 * {@code grpc-python-calls} is Python grpcio 1.51 (C-core) making a unary call, a server-streaming call and a
 * failing call on one connection; {@code curl-*} is curl 7.88 with {@code --http2-prior-knowledge} against
 * nghttpd 1.52 (nghttp2's HPACK, Huffman-coded).
 */
final class Captures {
    static final Connection CLIENT = new Connection(
            1, "/run/test.sock", Role.CLIENT, SocketType.STREAM, new ProcessIdentity(1, "test", "test", null));

    private Captures() {}

    static byte[] bytes(String name) {
        try (InputStream in = Captures.class.getResourceAsStream("/http2/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing capture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The calls a connection reports when the client's then the server's bytes are fed, each in one piece. */
    static List<Http2Call> calls(String capture) {
        List<Http2Call> calls = new ArrayList<>();
        Http2Connection connection = new Http2Connection(CLIENT, true, calls::add);
        connection.onData(event(bytes(capture + ".client"), EventKind.SEND, 10), true);
        connection.onData(event(bytes(capture + ".server"), EventKind.RECEIVE, 20), false);
        connection.close();
        return calls;
    }

    static IoEvent event(byte[] bytes, EventKind kind, long nanos) {
        return IoEvent.data(CLIENT, kind, nanos, nanos + 1, bytes.length, bytes);
    }

    /** The bytes cut at frame boundaries, the preface (if any) as a piece of its own. */
    static List<byte[]> frames(byte[] bytes) {
        List<byte[]> frames = new ArrayList<>();
        int at = Http2Preface.startsWith(bytes) ? Http2Preface.LENGTH : 0;
        if (at > 0) {
            frames.add(Arrays.copyOf(bytes, at));
        }
        while (at + Frame.HEADER_LENGTH <= bytes.length) {
            int length = ((bytes[at] & 0xff) << 16) | ((bytes[at + 1] & 0xff) << 8) | (bytes[at + 2] & 0xff);
            int end = Math.min(bytes.length, at + Frame.HEADER_LENGTH + length);
            frames.add(Arrays.copyOfRange(bytes, at, end));
            at = end;
        }
        return frames;
    }
}
