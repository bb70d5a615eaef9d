package dev.udsotel.sidecar.capture;

import static java.lang.foreign.ValueLayout.*;

import dev.udsotel.core.process.ProcessIdentities;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * Not a test: the user-space cost of one record without the kernel or the machine's noise. Replays synthetic
 * 256-byte send and receive records of 50 connections (laid out as the probe writes them) through
 * {@link UdsEvent#decode} and {@link IoEventConverter#convert}, and prints this thread's CPU ns per record.
 * Run: {@code java -XX:+UseSerialGC -Xmx64m -cp <test classes>:<jar>:<lib/*> dev.udsotel.sidecar.capture.DecodeCost}
 */
public final class DecodeCost {
    public static void main(String[] args) {
        int conns = 50, n = 1_000_000;
        long recLen = UdsEventLayout.HEADER_SIZE + 256;
        MemorySegment ring = Arena.global().allocate(recLen * conns * 2, 8);
        int pid = (int) ProcessHandle.current().pid();
        byte[] path = "/tmp/uds-bench-redis.AbCdEf/redis.sock\0".getBytes(StandardCharsets.US_ASCII);
        byte[] comm = "redis-server\0\0\0\0".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < conns * 2; i++) {
            MemorySegment r = ring.asSlice(i * recLen, recLen);
            r.set(JAVA_LONG_UNALIGNED, 0, 1000L * i);
            r.set(JAVA_LONG_UNALIGNED, 8, 1000L * i + 500);
            r.set(JAVA_LONG_UNALIGNED, 16, 256);
            r.set(JAVA_LONG_UNALIGNED, 24, 100000 + (i % conns) * 2);
            r.set(JAVA_LONG_UNALIGNED, 32, 100001 + (i % conns) * 2);
            r.set(JAVA_INT_UNALIGNED, 40, pid);
            r.set(JAVA_INT_UNALIGNED, 44, pid);
            r.set(JAVA_INT_UNALIGNED, 56, 10 + i % conns);
            r.set(JAVA_INT_UNALIGNED, 60, 256);
            r.set(JAVA_SHORT_UNALIGNED, 64, (short) (i < conns ? 1 : 2));
            r.set(JAVA_SHORT_UNALIGNED, 66, (short) (i < conns ? 1 : 5));
            r.set(JAVA_BYTE, 68, (byte) (i < conns ? 1 : 2));
            r.set(JAVA_BYTE, 69, (byte) 1);
            r.set(JAVA_SHORT_UNALIGNED, 72, (short) path.length);
            MemorySegment.copy(MemorySegment.ofArray(comm), 0, r, 88, 16);
            MemorySegment.copy(MemorySegment.ofArray(path), 0, r, 104, path.length);
            for (int b = 0; b < 256; b++) r.set(JAVA_BYTE, 360 + b, (byte) ('a' + b % 26));
        }
        StringCache strings = new StringCache();
        IoEventConverter converter =
                new IoEventConverter(new ConnectionTable(new ProcessIdentities(), new ListeningSockets()));
        var bean = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int round = 0; round < 8; round++) {
            long t0 = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                int k = (i * 7) % (conns * 2);
                UdsEvent e = UdsEvent.decode(ring.asSlice(k * recLen, recLen), strings);
                sink += converter.convert(e).size() + e.comm().length();
            }
            long t1 = bean.getCurrentThreadCpuTime();
            if (round >= 3) System.out.printf("round %d: %.0f ns/record%n", round, (t1 - t0) / (double) n);
        }
        System.out.println(sink);
    }
}
