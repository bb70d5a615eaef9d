package dev.udsotel.sidecar.cli;

import static dev.udsotel.sidecar.cli.Commands.await;
import static dev.udsotel.sidecar.cli.Commands.awaitFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.sidecar.output.Tshark;
import dev.udsotel.testing.ChildProcess;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** redis-server on a Unix socket, driven by redis-cli -s, seen by the real uds-trace. */
@ExtendWith(CapturesInTestCgroup.class)
class RedisCaptureTest {
    @TempDir
    Path dir;

    private Path socket;
    private ChildProcess redis;

    @BeforeEach
    void startRedis() throws Exception {
        socket = dir.resolve("redis.sock");
        redis = Commands.background(
                "redis-server",
                "--port",
                "0",
                "--unixsocket",
                socket.toString(),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString());
        awaitFile(socket);
    }

    @AfterEach
    void stopRedis() throws Exception {
        Commands.stop(redis);
    }

    @Test
    void commFilterShowsOnlyTheRedisServerSideOfEachCommand() throws Exception {
        try (UdsTraceProcess cli = UdsTraceProcess.start(
                dir, TestCgroup.confined("--comm", "redis-server", "--path", socket.toString(), "--no-export"))) {
            await(() -> cli.stderr().contains("capturing AF_UNIX traffic on " + socket + " of redis-server"), "start");
            assertEquals(
                    "OK",
                    Commands.run("redis-cli", "-s", socket.toString(), "SET", "greeting", "hello")
                            .trim());
            assertEquals(
                    "hello",
                    Commands.run("redis-cli", "-s", socket.toString(), "GET", "greeting")
                            .trim());
            await(() -> cli.stdout().contains("\"$5\\r\\nhello\\r\\n\""), "the GET reply");
            assertEquals(0, cli.terminate());

            String live = cli.stdout();
            assertTrue(
                    live.contains(redis.pid() + "/redis-server <- " + socket
                            + " 38 B \"*3\\r\\n$3\\r\\nSET\\r\\n$8\\r\\ngreeting\\r\\n$5\\r\\nhello\\r\\n\""),
                    live);
            assertTrue(live.contains(redis.pid() + "/redis-server -> " + socket + " 5 B \"+OK\\r\\n\""), live);
            assertFalse(live.contains("/redis-cli "), "redis-cli is filtered out:\n" + live);
        }
    }

    @Test
    void aPcapOfRedisTrafficDecodesAsResp() throws Exception {
        Path pcap = dir.resolve("redis.pcap");
        try (UdsTraceProcess cli = UdsTraceProcess.start(
                dir,
                TestCgroup.confined(
                        "--path",
                        socket.toString(),
                        "--no-export",
                        "-q",
                        "--pcap",
                        pcap.toString(),
                        "--status-interval",
                        "1"))) {
            await(() -> cli.stderr().contains("capturing AF_UNIX traffic"), "start");
            Commands.run("redis-cli", "-s", socket.toString(), "INCR", "visits");
            await(() -> cli.stderr().contains(": 4 messages"), "the INCR exchange in the status line");
            assertEquals(0, cli.terminate());
        }
        List<String> resp = Tshark.fields(
                pcap,
                "resp",
                "tcp.dstport",
                "resp.bulk_string.value",
                "resp.integer"); // bulk strings print as hex: 494e4352 is INCR
        assertEquals(2, resp.size(), "the INCR and its reply, written once although both ends were seen: " + resp);
        assertTrue(resp.get(0).startsWith("6379\t") && resp.get(0).contains("494e4352"), resp.get(0));
        assertTrue(resp.get(1).endsWith("\t1"), resp.get(1));
    }
}
