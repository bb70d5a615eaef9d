package dev.udsotel.examples.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.udsotel.examples.Examples;
import dev.udsotel.testing.ChildProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GrpcUdsServerTest {
    private static final String ANSWERS = "hello world\n[item-0, item-1, item-2]\nNOT_FOUND\nchecksum 260e32b2\n";

    @TempDir
    Path directory;

    @ParameterizedTest(name = "server {0}, client {1}")
    @CsvSource({"grpc-netty, grpc-netty", "--shaded, --shaded", "grpc-netty, --shaded"})
    void theClientGetsEachCallsAnswerOverTheUnixSocketWithEitherNetty(String server, String client) {
        String socket = directory.resolve("grpc.sock").toString();
        try (ChildProcess ignored = Examples.startServer(GrpcUdsServer.class, args(server, socket))) {
            assertEquals(
                    ANSWERS,
                    Examples.runClient(GrpcUdsClient.class, args(client, socket))
                            .stdout());
        }
    }

    private static String[] args(String flavour, String socket) {
        return flavour.equals("--shaded") ? new String[] {flavour, socket} : new String[] {socket};
    }
}
