package dev.udsotel.agent.it.workload;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Every I/O path an application can take over a Unix socket channel, each on its own socket path
 * ({@code <dir>/<path>.sock}) with its own request and response, so each path's spans can be told apart. Then, per
 * path, a bulk transfer of pseudo-random bytes on {@code <dir>/<path>-bulk.sock}, whose SHA-256 the receiving side
 * sends back. Last, a few of the same exchanges over TCP on loopback, which the agent must ignore.
 *
 * <p>Usage: {@code IoPathsWorkload <dir> <bulk-bytes>}. Prints one line per finished step, then {@code done}.
 */
public final class IoPathsWorkload {
    private static final int CHUNK = 1 << 20;
    private static final int DIGEST_HEX_LENGTH = 64;

    /** The path names, in the order they run; "virtual" only where virtual threads exist. */
    public static List<String> pathNames(int javaFeature) {
        List<String> names =
                new ArrayList<>(List.of("heap", "direct", "readonly", "scatter", "streams", "file", "selector"));
        if (javaFeature >= 21) {
            names.add("virtual");
        }
        return names;
    }

    public static byte[] request(String path) {
        return UnixSockets.withAwkwardBytes("uds-it " + path + " asks: which bytes did you see? ");
    }

    public static byte[] response(String path) {
        return UnixSockets.withAwkwardBytes(
                "uds-it " + path + " answers with exactly these " + (47 + path.length()) + " bytes ");
    }

    /** The first bytes of the bulk transfer on this path (the generator is deterministic). */
    public static byte[] bulkPrefix(String path, int length) {
        byte[] chunk = new byte[CHUNK];
        new SplittableRandom(path.hashCode()).nextBytes(chunk);
        return Arrays.copyOf(chunk, length);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long bulkBytes = Long.parseLong(args[1]);
        Map<String, Transport> transports = transports();
        List<String> names = pathNames(Runtime.version().feature());
        for (String name : names) {
            exchange(name, transports.get(name), UnixDomainSocketAddress.of(dir.resolve(name + ".sock")));
            System.out.println("exchange " + name + " ok");
        }
        for (String name : names) {
            bulk(name, transports.get(name), UnixDomainSocketAddress.of(dir.resolve(name + "-bulk.sock")), bulkBytes);
        }
        int port = tcpExchanges(transports);
        System.out.println("tcp port " + port + " ok");
        System.out.println(
                "buffers checked " + BufferChecks.checks.get() + " violations " + BufferChecks.violations.get());
        System.out.println("done");
    }

    private static Map<String, Transport> transports() {
        Map<String, Transport> t = new LinkedHashMap<>();
        t.put("heap", new Transports.Heap());
        t.put("direct", new Transports.Direct());
        t.put("readonly", new Transports.ReadOnly());
        t.put("scatter", new Transports.ScatterGather());
        t.put("streams", new Transports.Streams());
        t.put("file", new Transports.FileTransfer());
        t.put("selector", new Transports.NonBlocking());
        t.put("virtual", new Transports.Heap());
        return t;
    }

    /** One request and one response, both sides using the path's transport. */
    private static void exchange(String name, Transport transport, SocketAddress address) throws Exception {
        byte[] request = request(name);
        byte[] response = response(name);
        try (ServerSocketChannel listener = listen(address)) {
            new Sides(name.equals("virtual"))
                    .run(
                            () -> {
                                try (SocketChannel peer = accept(listener, name)) {
                                    transport.opened(peer);
                                    byte[] got = new byte[request.length];
                                    transport.read(peer, got, 0, got.length);
                                    check(
                                            Arrays.equals(request, got),
                                            name + ": the server received other bytes than were sent");
                                    transport.write(peer, response, 0, response.length);
                                }
                            },
                            () -> {
                                try (SocketChannel client = connect(address, name)) {
                                    transport.opened(client);
                                    transport.write(client, request, 0, request.length);
                                    byte[] got = new byte[response.length];
                                    transport.read(client, got, 0, got.length);
                                    check(
                                            Arrays.equals(response, got),
                                            name + ": the client received other bytes than were sent");
                                }
                            });
        }
    }

    /** Client sends {@code total} pseudo-random bytes; the server answers with the SHA-256 of what it received. */
    private static void bulk(String name, Transport transport, SocketAddress address, long total) throws Exception {
        String[] digests = new String[2];
        try (ServerSocketChannel listener = listen(address)) {
            new Sides(name.equals("virtual"))
                    .run(
                            () -> {
                                try (SocketChannel peer = accept(listener, name)) {
                                    transport.opened(peer);
                                    MessageDigest received = MessageDigest.getInstance("SHA-256");
                                    byte[] chunk = new byte[CHUNK];
                                    for (long left = total; left > 0; left -= chunk.length) {
                                        int n = (int) Math.min(chunk.length, left);
                                        transport.read(peer, chunk, 0, n);
                                        received.update(chunk, 0, n);
                                    }
                                    byte[] hex = HexFormat.of()
                                            .formatHex(received.digest())
                                            .getBytes(StandardCharsets.US_ASCII);
                                    transport.write(peer, hex, 0, hex.length);
                                }
                            },
                            () -> {
                                try (SocketChannel client = connect(address, name)) {
                                    transport.opened(client);
                                    MessageDigest sent = MessageDigest.getInstance("SHA-256");
                                    SplittableRandom random = new SplittableRandom(name.hashCode());
                                    byte[] chunk = new byte[CHUNK];
                                    for (long left = total; left > 0; left -= chunk.length) {
                                        int n = (int) Math.min(chunk.length, left);
                                        random.nextBytes(chunk);
                                        sent.update(chunk, 0, n);
                                        transport.write(client, chunk, 0, n);
                                    }
                                    digests[0] = HexFormat.of().formatHex(sent.digest());
                                    byte[] hex = new byte[DIGEST_HEX_LENGTH];
                                    transport.read(client, hex, 0, hex.length);
                                    digests[1] = new String(hex, StandardCharsets.US_ASCII);
                                }
                            });
        }
        System.out.println("bulk " + name + " bytes " + total + " sent " + digests[0] + " received " + digests[1]);
    }

    /** The same transports over TCP: the agent must leave INET channels alone. */
    private static int tcpExchanges(Map<String, Transport> transports) throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            for (String name : List.of("heap", "direct", "scatter", "streams", "file")) {
                Transport transport = transports.get(name);
                byte[] request = ("tcp " + name + " request to port " + port).getBytes(StandardCharsets.US_ASCII);
                byte[] response = ("tcp " + name + " response from port " + port).getBytes(StandardCharsets.US_ASCII);
                new Sides(false)
                        .run(
                                () -> {
                                    try (SocketChannel peer = listener.accept()) {
                                        byte[] got = new byte[request.length];
                                        transport.read(peer, got, 0, got.length);
                                        check(Arrays.equals(request, got), "tcp " + name + ": wrong request");
                                        transport.write(peer, response, 0, response.length);
                                    }
                                },
                                () -> {
                                    try (SocketChannel client = SocketChannel.open(listener.getLocalAddress())) {
                                        transport.write(client, request, 0, request.length);
                                        byte[] got = new byte[response.length];
                                        transport.read(client, got, 0, got.length);
                                        check(Arrays.equals(response, got), "tcp " + name + ": wrong response");
                                    }
                                });
            }
            return port;
        }
    }

    private static ServerSocketChannel listen(SocketAddress address) throws IOException {
        Files.deleteIfExists(((UnixDomainSocketAddress) address).getPath());
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(address);
        return listener;
    }

    /** The selector path accepts the way a selector-driven server does: non-blocking, after OP_ACCEPT. */
    private static SocketChannel accept(ServerSocketChannel listener, String name) throws IOException {
        if (!name.equals("selector")) {
            return listener.accept();
        }
        listener.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            listener.register(selector, SelectionKey.OP_ACCEPT);
            while (true) {
                selector.select();
                selector.selectedKeys().clear();
                SocketChannel accepted = listener.accept();
                if (accepted != null) {
                    return accepted;
                }
            }
        }
    }

    private static SocketChannel connect(SocketAddress address, String name) throws IOException {
        return name.equals("selector") ? Transports.NonBlocking.connect(address) : SocketChannel.open(address);
    }

    private static void check(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException(problem);
        }
    }
}
