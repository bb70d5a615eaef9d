package dev.udsotel.sidecar.cli;

import static dev.udsotel.sidecar.cli.Commands.await;
import static dev.udsotel.sidecar.cli.Commands.awaitFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.sidecar.output.Tshark;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.SystemPython;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A socat echo service over a stream socket, and datagrams over a bound SOCK_DGRAM socket. */
@ExtendWith(CapturesInTestCgroup.class)
class SocatAndDatagramTest {
    @TempDir
    Path dir;

    @Test
    void showsTheEchoGoingOutAndComingBack() throws Exception {
        Path socket = dir.resolve("echo.sock");
        ChildProcess echo = Commands.background("socat", "UNIX-LISTEN:" + socket + ",fork", "EXEC:cat");
        try (UdsTraceProcess cli =
                UdsTraceProcess.start(dir, TestCgroup.confined("--path", socket.toString(), "--no-export"))) {
            awaitFile(socket);
            await(() -> cli.stderr().contains("capturing AF_UNIX traffic"), "start");
            assertEquals(
                    "the line over uds\n",
                    Commands.runWithInput("the line over uds\n", "socat", "-", "UNIX-CONNECT:" + socket));
            await(
                    () -> cli.stdout()
                                    .lines()
                                    .filter(l -> l.contains("\"the line over uds\\n\""))
                                    .count()
                            == 4,
                    "the line sent, echoed and received back");
            assertEquals(0, cli.terminate());
            List<String> data = cli.stdout()
                    .lines()
                    .filter(l -> l.contains(" 18 B \"the line over uds\\n\""))
                    .toList();
            assertEquals(2, data.stream().filter(l -> l.contains(" -> ")).count(), cli.stdout());
            assertEquals(2, data.stream().filter(l -> l.contains(" <- ")).count(), cli.stdout());
            assertTrue(data.stream().allMatch(l -> l.contains("/socat ")), cli.stdout());
        } finally {
            Commands.stop(echo);
        }
    }

    @Test
    void datagramsAppearInThePcapAsUdpOncePerMessage() throws Exception {
        Path socket = dir.resolve("notify.sock");
        Path pcap = dir.resolve("dgram.pcap");
        ChildProcess receiver = null;
        // started first: a receiver already blocked in recv() when the probe attaches has that call missed
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
            receiver = Commands.background(SystemPython.PATH, "-c", """
                    import socket, sys
                    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                    s.bind(sys.argv[1])
                    while True:
                        s.recv(4096)
                    """, socket.toString());
            awaitFile(socket);
            Commands.run(SystemPython.PATH, "-c", """
                    import socket, sys
                    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                    for m in (b'READY=1', b'STATUS=serving', b'WATCHDOG=1'):
                        s.sendto(m, sys.argv[1])
                    """, socket.toString());
            await(() -> cli.stderr().contains(": 6 messages"), "three datagrams, each sent and received");
            assertEquals(0, cli.terminate());
        } finally {
            Commands.stop(receiver);
        }
        List<String> udp = Tshark.fields(pcap, "udp", "udp.length", "data.data");
        assertEquals(
                List.of("15\t52454144593d31", "22\t5354415455533d73657276696e67", "18\t5741544348444f473d31"), udp);
    }
}
