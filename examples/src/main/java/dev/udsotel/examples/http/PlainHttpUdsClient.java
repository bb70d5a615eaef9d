package dev.udsotel.examples.http;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The same requests as {@link HttpUdsClient}, written by hand as HTTP/1.1 over one java.nio SocketChannel (keep-alive),
 * with no library at all: the smallest program whose HTTP-over-UDS traffic a tracer can see.
 *
 * <p>Usage: {@code PlainHttpUdsClient <socket-path> [rounds]}
 */
public final class PlainHttpUdsClient {

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: PlainHttpUdsClient <socket-path> [rounds]");
            System.exit(2);
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(Path.of(args[0])));
            RawHttpResponse.Reader responses = new RawHttpResponse.Reader(channel);
            for (int round = 0; round < rounds; round++) {
                exchange(channel, responses, "GET", "/containers/json", "", null);
                exchange(channel, responses, "GET", "/version", "", null);
                exchange(
                        channel,
                        responses,
                        "POST",
                        "/echo",
                        "Authorization: Bearer s3cr3t-token\r\n",
                        "{\"hello\":\"uds\"}");
                exchange(channel, responses, "GET", "/chunked", "", null);
            }
        }
    }

    private static void exchange(
            SocketChannel channel,
            RawHttpResponse.Reader responses,
            String method,
            String path,
            String extraHeaders,
            String body)
            throws IOException {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\n"
                + "Host: localhost\r\n"
                + extraHeaders
                + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + content.length + "\r\n")
                + "\r\n";
        ByteBuffer request = ByteBuffer.allocate(head.length() + content.length);
        request.put(head.getBytes(StandardCharsets.US_ASCII)).put(content).flip();
        while (request.hasRemaining()) {
            channel.write(request);
        }
        RawHttpResponse response = responses.next();
        System.out.printf(
                "%s %s -> %d %s (%d bytes)%n",
                method, path, response.status(), response.reason(), response.body().length);
    }
}
