package dev.udsotel.sidecar.output;

import java.io.IOException;

/** One stream connection in the pcap: its synthetic 4-tuple and the next sequence number each way. */
final class TcpFlow {
    private static final long CLIENT_ISN = 1_000;
    private static final long SERVER_ISN = 5_000;

    /** The inode of the end whose calls are written. */
    final long observer;

    final boolean observerIsClient;
    private final int clientIp;
    private final int clientPort;
    private final int serverIp;
    private final int serverPort;
    private long clientSeq = CLIENT_ISN;
    private long serverSeq = SERVER_ISN;
    private boolean clientFin;
    private boolean serverFin;

    TcpFlow(long observer, boolean observerIsClient, int clientIp, int clientPort, int serverIp, int serverPort) {
        this.observer = observer;
        this.observerIsClient = observerIsClient;
        this.clientIp = clientIp;
        this.clientPort = clientPort;
        this.serverIp = serverIp;
        this.serverPort = serverPort;
    }

    void handshake(PcapFile file, long epochNanos) throws IOException {
        segment(file, epochNanos, true, Ipv4Packets.SYN, new byte[0], 0);
        clientSeq++;
        segment(file, epochNanos, false, Ipv4Packets.SYN | Ipv4Packets.ACK, new byte[0], 0);
        serverSeq++;
        segment(file, epochNanos, true, Ipv4Packets.ACK, new byte[0], 0);
    }

    /** Writes {@code byteCount} bytes one way, of which the captured {@code payload} prefix is stored. */
    void data(PcapFile file, long epochNanos, boolean fromClient, byte[] payload, long byteCount) throws IOException {
        for (long offset = 0; offset < byteCount; offset += Ipv4Packets.MAX_PAYLOAD_TCP) {
            int length = (int) Math.min(Ipv4Packets.MAX_PAYLOAD_TCP, byteCount - offset);
            segment(
                    file,
                    epochNanos,
                    fromClient,
                    Ipv4Packets.PSH | Ipv4Packets.ACK,
                    slice(payload, offset, length),
                    length);
            if (fromClient) {
                clientSeq += length;
            } else {
                serverSeq += length;
            }
        }
    }

    void fin(PcapFile file, long epochNanos, boolean fromClient) throws IOException {
        if (fromClient ? clientFin : serverFin) {
            return;
        }
        segment(file, epochNanos, fromClient, Ipv4Packets.FIN | Ipv4Packets.ACK, new byte[0], 0);
        if (fromClient) {
            clientFin = true;
            clientSeq++;
        } else {
            serverFin = true;
            serverSeq++;
        }
    }

    private void segment(PcapFile file, long epochNanos, boolean fromClient, int flags, byte[] stored, int length)
            throws IOException {
        byte[] packet = fromClient
                ? Ipv4Packets.tcp(
                        clientIp, clientPort, serverIp, serverPort, clientSeq, serverSeq, flags, stored, length)
                : Ipv4Packets.tcp(
                        serverIp, serverPort, clientIp, clientPort, serverSeq, clientSeq, flags, stored, length);
        file.write(epochNanos, packet, packet.length - stored.length + length);
    }

    /** The captured bytes that fall in {@code [offset, offset + length)} of the call's data. */
    static byte[] slice(byte[] payload, long offset, int length) {
        if (offset >= payload.length) {
            return new byte[0];
        }
        int from = (int) offset;
        return java.util.Arrays.copyOfRange(payload, from, (int) Math.min(payload.length, offset + length));
    }
}
