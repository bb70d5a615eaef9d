package dev.udsotel.sidecar.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.event.SocketType;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapSinkTest {
    private static final String DOCKER = "/run/docker.sock";

    @TempDir
    Path dir;

    private long clock = 1_700_000_000_000_000_000L;

    @Test
    void tsharkDecodesAnHttpExchangeSeenFromBothEndsOnce() throws Exception {
        Connection client = stream(11, Role.CLIENT, 4242, "curl").inodes(100, 0);
        Connection server = stream(12, Role.SERVER, 812, "dockerd").inodes(101, 100);
        byte[] request = ascii("GET /version HTTP/1.1\r\nHost: docker\r\nUser-Agent: curl/8\r\n\r\n");
        byte[] response = ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
        Path pcap = write(
                false,
                lifecycle(client, EventKind.CONNECT),
                data(client, EventKind.SEND, request),
                lifecycle(server, EventKind.ACCEPT),
                data(server, EventKind.RECEIVE, request),
                data(server, EventKind.SEND, response),
                data(client, EventKind.RECEIVE, response),
                lifecycle(client, EventKind.CLOSE),
                lifecycle(server, EventKind.CLOSE));

        List<String> http = Tshark.fields(
                pcap, "http", "ip.src", "tcp.dstport", "http.request.method", "http.request.uri", "http.response.code");
        assertEquals(2, http.size(), "one request and one response, not one per end: " + http);
        assertEquals(
                List.of("10.0.16.146", "80", "GET", "/version", ""),
                Arrays.asList(http.get(0).split("\t", -1)));
        assertTrue(http.get(1).endsWith("\t200"), http.get(1));
        List<String> handshake = Tshark.fields(pcap, "tcp.flags.syn == 1", "tcp.flags.ack");
        assertEquals(List.of("0", "1"), handshake);
    }

    @Test
    void reassemblesAMessageSplitAcrossCallsIntoOneHttpRequest() throws Exception {
        Connection client = stream(1, Role.CLIENT, 77, "client").inodes(200, 201);
        Path pcap = write(
                false,
                data(client, EventKind.SEND, ascii("POST /items HTTP/1.1\r\nHost: x\r\nContent-")),
                data(client, EventKind.SEND, ascii("Length: 5\r\n\r\nhello")),
                data(client, EventKind.RECEIVE, ascii("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n")));

        List<String> requests = Tshark.fields(pcap, "http.request", "http.request.method", "http.file_data");
        assertEquals(1, requests.size(), requests.toString());
        assertTrue(requests.get(0).startsWith("POST\t"), requests.get(0));
        assertEquals(List.of("201"), Tshark.fields(pcap, "http.response", "http.response.code"));
    }

    @Test
    void aServerOnlyViewStillPutsTheClientOnTheClientSide() throws Exception {
        Connection server =
                stream(5, Role.SERVER, 900, "redis-server").inodes(301, 300).peerCredentials(901, 0, 0);
        Path pcap = write(
                false,
                data(server, EventKind.RECEIVE, ascii("*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n")),
                data(server, EventKind.SEND, ascii("$5\r\nvalue\r\n")));

        List<String> resp = Tshark.fields(pcap, "resp", "ip.src", "tcp.srcport", "tcp.dstport");
        assertEquals(2, resp.size(), resp.toString());
        assertTrue(resp.get(0).startsWith("10.0.3.133\t"), "client pid 901 in the source address: " + resp.get(0));
        assertTrue(resp.get(0).endsWith("\t6379"), resp.get(0));
        assertTrue(resp.get(1).contains("\t6379\t"), resp.get(1));
    }

    @Test
    void recordsOnlyTheCapturedPrefixOfALargeMessageButCountsEveryByte() throws Exception {
        Connection client = stream(9, Role.CLIENT, 10, "big").inodes(400, 401);
        byte[] prefix = ascii("PUT /blob HTTP/1.1\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(200));
        IoEvent send = IoEvent.data(client, EventKind.SEND, clock, clock + 1000, 100_046, prefix);
        Path pcap = write(
                false,
                new TracedEvent(send, "big", 3, clock),
                data(client, EventKind.RECEIVE, ascii("HTTP/1.1 204 No Content\r\n\r\n")));

        List<String> segments =
                Tshark.fields(pcap, "tcp.srcport != 80 && tcp.len > 0", "tcp.seq", "tcp.len", "frame.cap_len");
        assertEquals(2, segments.size(), "100046 bytes need two IPv4 packets: " + segments);
        assertEquals("1\t65495\t" + (40 + prefix.length), segments.get(0));
        assertEquals("65496\t34551\t40", segments.get(1));
        List<String> response = Tshark.fields(pcap, "tcp.srcport == 80 && tcp.len > 0", "tcp.ack");
        assertEquals(List.of("100047"), response, "the response acknowledges every byte sent");
    }

    @Test
    void datagramsBecomeUdpWrittenOnceAsSent() throws Exception {
        Connection sender = new Connection(
                        1,
                        "/run/systemd/notify",
                        Role.PEER,
                        SocketType.DGRAM,
                        new ProcessIdentity(55, "app", "app", null))
                .inodes(500, 0);
        Connection receiver = new Connection(
                        2,
                        "/run/systemd/notify",
                        Role.PEER,
                        SocketType.DGRAM,
                        new ProcessIdentity(1, "systemd", "systemd", null))
                .inodes(501, 0);
        Path pcap = write(
                false,
                data(sender, EventKind.SEND, ascii("READY=1")),
                data(receiver, EventKind.RECEIVE, ascii("READY=1")));

        List<String> udp = Tshark.fields(pcap, "udp", "ip.src", "udp.length", "data.data");
        assertEquals(List.of("10.0.0.55\t15\t52454144593d31"), udp);
    }

    private Path write(boolean datagramReceives, TracedEvent... events) throws IOException {
        Path pcap = dir.resolve("capture.pcap");
        try (PcapSink sink = new PcapSink(new PcapFile(new FileOutputStream(pcap.toFile())), datagramReceives)) {
            for (TracedEvent e : events) {
                sink.accept(e);
            }
        }
        return pcap;
    }

    private static Connection stream(long key, Role role, long pid, String exe) {
        return new Connection(key, DOCKER, role, SocketType.STREAM, new ProcessIdentity(pid, exe, exe, null));
    }

    private TracedEvent data(Connection c, EventKind kind, byte[] bytes) {
        clock += 10_000;
        return new TracedEvent(
                IoEvent.data(c, kind, clock, clock + 5_000, bytes.length, bytes),
                c.process().executableName(),
                3,
                clock);
    }

    private TracedEvent lifecycle(Connection c, EventKind kind) {
        clock += 10_000;
        return new TracedEvent(
                IoEvent.lifecycle(c, kind, clock, clock + 1_000, null),
                c.process().executableName(),
                3,
                clock);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
