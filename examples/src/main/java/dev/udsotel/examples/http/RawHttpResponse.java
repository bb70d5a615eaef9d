package dev.udsotel.examples.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** An HTTP/1.1 response read by hand: status line, headers (lower-cased names) and the body, de-chunked. */
record RawHttpResponse(int status, String reason, Map<String, String> headers, byte[] body) {

    /** Reads responses one after another from a keep-alive connection. */
    static final class Reader {
        private final ReadableByteChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024).flip();

        Reader(ReadableByteChannel channel) {
            this.channel = channel;
        }

        RawHttpResponse next() throws IOException {
            String[] statusLine = line().split(" ", 3);
            int status = Integer.parseInt(statusLine[1]);
            String reason = statusLine.length > 2 ? statusLine[2] : "";
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                headers.put(
                        header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
            byte[] body;
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = chunkedBody();
            } else {
                body = bytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            }
            return new RawHttpResponse(status, reason, headers, body);
        }

        private byte[] chunkedBody() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line();
                int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
                if (size == 0) {
                    while (!line().isEmpty()) {
                        // trailers: none expected, skipped
                    }
                    return body.toByteArray();
                }
                body.write(bytes(size));
                line(); // the CRLF after each chunk
            }
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                byte b = nextByte();
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
                }
                line.write(b);
            }
        }

        private byte[] bytes(int count) throws IOException {
            byte[] bytes = new byte[count];
            for (int i = 0; i < count; i++) {
                bytes[i] = nextByte();
            }
            return bytes;
        }

        private byte nextByte() throws IOException {
            if (!buffer.hasRemaining()) {
                buffer.clear();
                int read = channel.read(buffer);
                buffer.flip();
                if (read < 0) {
                    throw new EOFException("the server closed the connection mid-response");
                }
            }
            return buffer.get();
        }
    }
}
