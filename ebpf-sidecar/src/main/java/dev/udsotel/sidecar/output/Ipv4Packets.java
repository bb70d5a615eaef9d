package dev.udsotel.sidecar.output;

import java.nio.ByteBuffer;

/** Builds IPv4 packets carrying a TCP segment or a UDP datagram, with correct lengths and checksums. */
final class Ipv4Packets {
    static final int IP_HEADER = 20;
    static final int TCP_HEADER = 20;
    static final int UDP_HEADER = 8;
    static final int MAX_PAYLOAD_TCP = 65_535 - IP_HEADER - TCP_HEADER;
    static final int MAX_PAYLOAD_UDP = 65_535 - IP_HEADER - UDP_HEADER;

    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int PSH = 0x08;
    static final int ACK = 0x10;

    private static final int PROTO_TCP = 6;
    private static final int PROTO_UDP = 17;

    private Ipv4Packets() {}

    /**
     * A TCP segment whose wire payload is {@code payloadLength} bytes, of which {@code stored} are kept.
     * The checksum covers only what is stored when the payload is cut short, as on a truncated capture.
     */
    static byte[] tcp(
            int src,
            int srcPort,
            int dst,
            int dstPort,
            long seq,
            long ack,
            int flags,
            byte[] stored,
            int payloadLength) {
        ByteBuffer p = ByteBuffer.allocate(IP_HEADER + TCP_HEADER + stored.length);
        ipHeader(p, PROTO_TCP, src, dst, TCP_HEADER + payloadLength);
        int tcp = p.position();
        p.putShort((short) srcPort)
                .putShort((short) dstPort)
                .putInt((int) seq)
                .putInt((int) ack)
                .put((byte) (5 << 4))
                .put((byte) flags)
                .putShort((short) 65_535)
                .putShort((short) 0)
                .putShort((short) 0)
                .put(stored);
        p.putShort(
                tcp + 16, (short) transportChecksum(p.array(), tcp, PROTO_TCP, src, dst, TCP_HEADER + payloadLength));
        return p.array();
    }

    static byte[] udp(int src, int srcPort, int dst, int dstPort, byte[] stored, int payloadLength) {
        ByteBuffer p = ByteBuffer.allocate(IP_HEADER + UDP_HEADER + stored.length);
        ipHeader(p, PROTO_UDP, src, dst, UDP_HEADER + payloadLength);
        int udp = p.position();
        p.putShort((short) srcPort)
                .putShort((short) dstPort)
                .putShort((short) (UDP_HEADER + payloadLength))
                .putShort((short) 0)
                .put(stored);
        int sum = transportChecksum(p.array(), udp, PROTO_UDP, src, dst, UDP_HEADER + payloadLength);
        p.putShort(udp + 6, (short) (sum == 0 ? 0xffff : sum));
        return p.array();
    }

    private static void ipHeader(ByteBuffer p, int protocol, int src, int dst, int transportLength) {
        p.put((byte) 0x45)
                .put((byte) 0)
                .putShort((short) (IP_HEADER + transportLength))
                .putShort((short) 0)
                .putShort((short) 0x4000) // don't fragment
                .put((byte) 64)
                .put((byte) protocol)
                .putShort((short) 0)
                .putInt(src)
                .putInt(dst);
        p.putShort(10, (short) onesComplement(sum(p.array(), 0, IP_HEADER, 0)));
    }

    private static int transportChecksum(byte[] packet, int offset, int protocol, int src, int dst, int length) {
        long pseudo = (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + length;
        return onesComplement(sum(packet, offset, packet.length - offset, pseudo));
    }

    private static long sum(byte[] data, int offset, int length, long initial) {
        long sum = initial;
        for (int i = 0; i + 1 < length; i += 2) {
            sum += ((data[offset + i] & 0xff) << 8) | (data[offset + i + 1] & 0xff);
        }
        if ((length & 1) == 1) {
            sum += (data[offset + length - 1] & 0xff) << 8;
        }
        return sum;
    }

    private static int onesComplement(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
