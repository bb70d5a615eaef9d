package dev.udsotel.sidecar.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.Prerequisite;
import dev.udsotel.testing.SystemPython;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UdsProbeTest {
    private static final int MESSAGES = 300;
    /** Waits for a go line, then sends MESSAGES datagrams over a socketpair and reads them all. */
    private static final String BURST = """
            import socket, sys
            sys.stdin.readline()
            a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
            for i in range(%d):
                a.send(b'burst-%%05d' %% i)
                b.recv(100)
            """.formatted(MESSAGES);

    @Test
    void countsRecordsTheFullRingBufferCouldNotTake() throws Exception {
        var unavailable = BpfEnvironment.unavailableReason();
        Prerequisite.requireNoReason(unavailable, "eBPF capture");
        ChildProcess python = ChildProcess.command(SystemPython.PATH, "-c", BURST)
                .name("burst")
                .startInteractive();
        try {
            // one page of ring buffer, never woken, not polled during the burst: it must overflow
            ProbeConfig config = new ProbeConfig(0, (int) python.pid(), 0, 64, Integer.MAX_VALUE, 4096);
            try (UdsProbe probe = UdsProbe.load(config)) {
                assertEquals(0, probe.kernelDrops());
                try (OutputStream go = python.stdin()) {
                    go.write('\n');
                }
                assertEquals(0, python.waitFor(Duration.ofSeconds(60)), python.output());

                AtomicInteger delivered = new AtomicInteger();
                while (probe.poll(record -> delivered.incrementAndGet(), 10) > 0) {
                    // drain
                }
                long dropped = probe.kernelDrops();
                assertTrue(dropped > 0, "no drops counted");
                assertTrue(delivered.get() > 0, "nothing delivered");
                // every send and receive (2 per message) was either delivered or counted as dropped;
                // the socketpair and close records come on top
                assertTrue(
                        delivered.get() + dropped >= 2L * MESSAGES, delivered + " delivered + " + dropped + " dropped");
            }
        } finally {
            python.close();
        }
    }

    /** Sends MESSAGES numbered datagrams slowly enough for a reader polling alongside to keep up most of the time. */
    private static final String NUMBERED = """
            import socket, sys, time
            sys.stdin.readline()
            a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
            for i in range(%d):
                a.send(b'numbered-%%05d' %% i)
                b.recv(100)
                time.sleep(0.002)
            """.formatted(MESSAGES);

    @Test
    void deliversRecordsThatWrapAroundTheEndOfTheRingBufferIntact() throws Exception {
        var unavailable = BpfEnvironment.unavailableReason();
        Prerequisite.requireNoReason(unavailable, "eBPF capture");
        ChildProcess python = ChildProcess.command(SystemPython.PATH, "-c", NUMBERED)
                .name("numbered")
                .startInteractive();
        try {
            // one page holds ten records of 384 bytes and part of an eleventh: every lap has one that wraps
            ProbeConfig config = new ProbeConfig(0, (int) python.pid(), 0, 64, 0, 4096);
            try (UdsProbe probe = UdsProbe.load(config)) {
                try (OutputStream go = python.stdin()) {
                    go.write('\n');
                }
                java.util.List<String> sent = new java.util.ArrayList<>();
                java.util.List<String> malformed = new java.util.ArrayList<>();
                int handed;
                do {
                    handed = probe.poll(
                            record -> {
                                var event = dev.udsotel.sidecar.capture.UdsEvent.decode(record);
                                if (!event.isSend()) {
                                    return;
                                }
                                String text = new String(event.payload(), java.nio.charset.StandardCharsets.US_ASCII);
                                if (event.ret() != 14 || !text.matches("numbered-\\d{5}")) {
                                    malformed.add(text);
                                } else {
                                    sent.add(text);
                                }
                            },
                            10);
                } while (python.isAlive() || handed > 0);
                assertEquals(0, python.waitFor(Duration.ofSeconds(60)), python.output());
                assertEquals(java.util.List.of(), malformed);
                assertTrue(
                        sent.size() + probe.kernelDrops() >= MESSAGES,
                        sent.size() + " sends, " + probe.kernelDrops() + " drops");
                // the records of ten laps or more went through, so some of those that wrapped did
                assertTrue(sent.size() >= 50, sent.size() + " sends delivered");
                assertEquals(sent.stream().sorted().distinct().toList(), sent, "delivered in order, each once");
            }
        } finally {
            python.close();
        }
    }

    @Test
    void countsRecordsWhoseSinkThrewAndKeepsDeliveringTheOthers() throws Exception {
        var unavailable = BpfEnvironment.unavailableReason();
        Prerequisite.requireNoReason(unavailable, "eBPF capture");
        ChildProcess python = ChildProcess.command(SystemPython.PATH, "-c", BURST)
                .name("burst")
                .startInteractive();
        try {
            ProbeConfig config = new ProbeConfig(0, (int) python.pid(), 0, 64, 32 * 1024, 16 << 20);
            try (UdsProbe probe = UdsProbe.load(config)) {
                try (OutputStream go = python.stdin()) {
                    go.write('\n');
                }
                python.waitFor(Duration.ofSeconds(60));
                AtomicInteger seen = new AtomicInteger();
                AtomicInteger delivered = new AtomicInteger();
                while (probe.poll(
                                record -> {
                                    if (seen.incrementAndGet() % 3 == 0) {
                                        throw new IllegalStateException("a sink that fails every third record");
                                    }
                                    delivered.incrementAndGet();
                                },
                                10)
                        > 0) {
                    // drain
                }
                assertEquals(0, probe.kernelDrops(), "16 MiB holds the whole burst");
                assertTrue(seen.get() >= 2 * MESSAGES, seen + " records");
                assertEquals(seen.get() / 3, probe.failedRecords());
                assertEquals(seen.get() - seen.get() / 3, delivered.get());
            }
        } finally {
            python.close();
        }
    }

    @Test
    void closingReleasesEveryProgramLinkAndMap() throws Exception {
        var unavailable = BpfEnvironment.unavailableReason();
        Prerequisite.requireNoReason(unavailable, "eBPF capture");
        long before = bpfFileDescriptors("bpf_link");
        long mapsBefore = bpfFileDescriptors("bpf-map");
        UdsProbe probe = UdsProbe.load(new ProbeConfig(0, 0, 0, 256, 32 * 1024, 1 << 20));
        long attached = bpfFileDescriptors("bpf_link") - before;
        assertEquals(probe.attachedPrograms(), attached, "one link per attached program");
        assertTrue(attached >= 30, attached + " tracepoints attached");
        probe.close();
        assertEquals(before, bpfFileDescriptors("bpf_link"), "links left attached after close");
        assertEquals(mapsBefore, bpfFileDescriptors("bpf-map"), "maps left open after close");
    }

    /** This process's file descriptors for one kind of BPF object (anon_inode:bpf_link, anon_inode:bpf-map). */
    private static long bpfFileDescriptors(String kind) throws java.io.IOException {
        try (var fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                        try {
                            return java.nio.file.Files.readSymbolicLink(fd)
                                    .toString()
                                    .equals("anon_inode:" + kind);
                        } catch (java.io.IOException e) {
                            return false; // the directory stream's own fd, already closed
                        }
                    })
                    .count();
        }
    }

    @Test
    void refusesAPayloadLargerThanTheProbeCanCopy() {
        assertThrows(IllegalArgumentException.class, () -> new ProbeConfig(0, 0, 0, 4097, 0, 1 << 20));
        assertThrows(IllegalArgumentException.class, () -> new ProbeConfig(0, 0, 0, 256, 0, 3 * 4096));
    }
}
