package dev.udsotel.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real gRPC peer: Debian's python3-grpcio (C-core) as a server of {@code demo.v1.Greeter} (SayHello unary,
 * Count server-streaming three messages, Fail answering NOT_FOUND, Big answering 20000 bytes) or as a client making those calls on one
 * connection, on a {@code unix:} target. The unary call carries {@code authorization: Bearer s3cret-token} and
 * {@code x-api-key} metadata, both secrets the tracers must never show.
 */
public final class GrpcPeer {
    /** What the client prints for the calls {@code unary,stream,error}. */
    public static final String CLIENT_OUTPUT = "hello world\n['item-0', 'item-1', 'item-2']\nNOT_FOUND\n";

    public static final String SECRET = "s3cret-token";
    public static final String API_KEY = "k3y-7f1e9c2ab5d8";

    private GrpcPeer() {}

    /** The command that serves on {@code socket}; the script is written into {@code dir}. */
    public static List<String> server(Path dir, Path socket) throws IOException {
        return List.of(SystemPython.PATH, script(dir).toString(), "serve", socket.toString());
    }

    /**
     * The command that makes {@code calls} (comma-separated: unary, stream, error, big) on one connection; {@code wait}
     * prints {@code waiting} and waits for a line on stdin before the calls after it.
     */
    public static List<String> client(Path dir, Path socket, String calls) throws IOException {
        return List.of(SystemPython.PATH, script(dir).toString(), "call", socket.toString(), calls);
    }

    private static Path script(Path dir) throws IOException {
        Path script = dir.resolve("grpc_peer.py");
        if (!Files.exists(script)) {
            try (InputStream in = GrpcPeer.class.getResourceAsStream("grpc_peer.py")) {
                Files.write(script, in.readAllBytes());
            }
        }
        return script;
    }
}
