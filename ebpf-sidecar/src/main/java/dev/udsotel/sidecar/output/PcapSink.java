package dev.udsotel.sidecar.output;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.event.SocketType;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code --pcap}: Unix socket traffic as IPv4 that Wireshark and tshark decode with their stock dissectors.
 * Stream sockets become TCP connections with a handshake, per-direction sequence numbers and a FIN, so TCP
 * reassembly and the HTTP dissector work; datagram and seqpacket sockets become UDP, which keeps message
 * boundaries. See {@link SyntheticAddresses} for how ends map to addresses.
 *
 * <p>Host-wide capture sees every stream byte twice, once sent by one end and once received by the other.
 * A connection is therefore written from one vantage point only: the first of its two ends seen, whose
 * sends and receives together give both directions in the order that process saw them.
 */
public final class PcapSink implements EventSink {
    private final PcapFile file;
    private final boolean datagramReceives;
    private final SyntheticAddresses addresses = new SyntheticAddresses();
    /** Flows by the inode of either end. */
    private final Map<Long, TcpFlow> flows = new HashMap<>();
    /** Handshakes seen before a flow's first bytes, which decide its server port. */
    private final Map<Long, Long> pendingHandshakes = new HashMap<>();

    private final Map<Long, Integer> datagramPorts = new HashMap<>();

    /**
     * @param datagramReceives also write received datagrams; needed when a filter may hide their sender,
     *     otherwise each datagram is written once, as sent
     */
    public PcapSink(PcapFile file, boolean datagramReceives) {
        this.file = file;
        this.datagramReceives = datagramReceives;
    }

    @Override
    public void accept(TracedEvent event) throws IOException {
        Connection c = event.io().connection();
        if (c.type() == SocketType.STREAM) {
            stream(event);
        } else {
            datagram(event);
        }
    }

    private void stream(TracedEvent event) throws IOException {
        IoEvent io = event.io();
        Connection c = io.connection();
        long own = c.inode() != 0 ? c.inode() : -(c.process().pid() << 20 ^ c.key());
        TcpFlow flow = flows.get(own);
        if (flow == null && c.peerInode() != 0) {
            flow = flows.get(c.peerInode());
            if (flow != null) {
                flows.put(own, flow);
                return; // the other end of a connection already written from its first end
            }
        }
        if (flow != null && flow.observer != own) {
            if (io.kind() == EventKind.CLOSE) {
                flows.remove(own);
            }
            return;
        }
        switch (io.kind()) {
            case CONNECT, ACCEPT -> {
                if (io.error() == null && flow == null) {
                    pendingHandshakes.put(own, event.epochNanos());
                }
            }
            case SEND, RECEIVE -> {
                if (flow == null) {
                    flow = open(own, event);
                }
                boolean fromClient = (io.kind() == EventKind.SEND) == flow.observerIsClient;
                flow.data(file, event.epochNanos(), fromClient, event.shownPayload(), io.byteCount());
            }
            case SHUTDOWN_OUTPUT -> {
                if (flow != null) {
                    flow.fin(file, event.epochNanos(), flow.observerIsClient);
                }
            }
            case CLOSE -> {
                pendingHandshakes.remove(own);
                if (flow != null) {
                    flow.fin(file, event.epochNanos(), flow.observerIsClient);
                    TcpFlow closed = flow;
                    // the other end may still read what was sent before the close (psql's Terminate reaches the
                    // backend after psql closed): it stays mapped to the written flow until it closes too
                    flows.values().removeIf(f -> f == closed);
                    if (c.peerInode() != 0) {
                        flows.put(c.peerInode(), closed);
                    }
                }
            }
            case SHUTDOWN_INPUT -> {}
        }
    }

    private TcpFlow open(long own, TracedEvent first) throws IOException {
        Connection c = first.io().connection();
        boolean observerIsClient = c.role() != Role.SERVER;
        long clientPid = observerIsClient ? c.process().pid() : c.peerPid();
        TcpFlow flow = new TcpFlow(
                own,
                observerIsClient,
                SyntheticAddresses.client(clientPid),
                addresses.nextClientPort(),
                SyntheticAddresses.server(c.socketPath()),
                SyntheticAddresses.serverPort(c.socketPath(), first.shownPayload()));
        flows.put(own, flow);
        if (c.peerInode() != 0) {
            flows.put(c.peerInode(), flow);
        }
        Long handshake = pendingHandshakes.remove(own);
        flow.handshake(file, handshake != null ? handshake : first.epochNanos());
        return flow;
    }

    private void datagram(TracedEvent event) throws IOException {
        IoEvent io = event.io();
        if (!io.kind().carriesData() || (io.kind() == EventKind.RECEIVE && !datagramReceives)) {
            return;
        }
        Connection c = io.connection();
        int server = SyntheticAddresses.server(c.socketPath());
        int serverPort = SyntheticAddresses.serverPort(c.socketPath(), io.payload());
        int sender = io.kind() == EventKind.SEND
                ? SyntheticAddresses.client(c.process().pid())
                : SyntheticAddresses.client(c.peerPid());
        int senderPort =
                datagramPorts.computeIfAbsent(c.inode() != 0 ? c.inode() : c.key(), k -> addresses.nextClientPort());
        for (long offset = 0; offset < Math.max(1, io.byteCount()); offset += Ipv4Packets.MAX_PAYLOAD_UDP) {
            int length = (int) Math.min(Ipv4Packets.MAX_PAYLOAD_UDP, io.byteCount() - offset);
            byte[] stored = TcpFlow.slice(io.payload(), offset, length);
            byte[] packet = Ipv4Packets.udp(sender, senderPort, server, serverPort, stored, length);
            file.write(event.epochNanos(), packet, packet.length - stored.length + length);
        }
    }

    @Override
    public void flush() throws IOException {
        file.flush();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
