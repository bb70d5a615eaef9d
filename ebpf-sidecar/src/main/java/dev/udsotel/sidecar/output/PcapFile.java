package dev.udsotel.sidecar.output;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The classic libpcap file format with nanosecond timestamps and LINKTYPE_RAW (each record an IPv4 packet).
 * A record may hold fewer bytes than the packet had, as with {@code tcpdump -s}: the payload beyond the
 * captured prefix is counted in the original length but not stored.
 */
public final class PcapFile implements AutoCloseable {
    /** LINKTYPE_RAW: packets begin with the IP header, no link layer to invent. */
    static final int LINKTYPE_RAW = 101;

    static final int NANOSECOND_MAGIC = 0xa1b23c4d;
    static final int SNAPLEN = 262_144;

    private final OutputStream out;

    public PcapFile(OutputStream out) throws IOException {
        this.out = new BufferedOutputStream(out, 1 << 16);
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(NANOSECOND_MAGIC)
                .putShort((short) 2)
                .putShort((short) 4)
                .putInt(0)
                .putInt(0)
                .putInt(SNAPLEN)
                .putInt(LINKTYPE_RAW);
        this.out.write(header.array());
    }

    /** Writes one record holding {@code stored} and declaring {@code originalLength} bytes on the wire. */
    public void write(long epochNanos, byte[] stored, int originalLength) throws IOException {
        ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        record.putInt((int) (epochNanos / 1_000_000_000L))
                .putInt((int) (epochNanos % 1_000_000_000L))
                .putInt(stored.length)
                .putInt(originalLength);
        out.write(record.array());
        out.write(stored);
    }

    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
