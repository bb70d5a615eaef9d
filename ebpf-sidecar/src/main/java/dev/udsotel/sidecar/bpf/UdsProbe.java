package dev.udsotel.sidecar.bpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The loaded uds_trace probe: opens the object shipped in the jar, writes the read-only config, loads,
 * attaches every program and reads the ring buffer. {@link #close()} detaches and frees everything.
 * Polling and closing are serialised, so another thread may close a probe that is being polled.
 */
public final class UdsProbe implements AutoCloseable {
    public static final String OBJECT_RESOURCE = "/bpf/uds_trace.bpf.o";
    /** sizeof(struct uds_config) in uds_event.h. */
    private static final int EPERM = 1;

    /** Receives each ring-buffer record while it is valid; the segment must not be kept. */
    @FunctionalInterface
    public interface RecordSink {
        void accept(MemorySegment record);
    }

    private final Arena arena = Arena.ofShared();
    private final List<MemorySegment> links = new ArrayList<>();
    private final AtomicLong failedRecords = new AtomicLong();
    private MemorySegment object = MemorySegment.NULL;
    private int dropsFd;
    private int cpus;
    private StructLayoutInfo eventLayout;
    private StructLayoutInfo fdInfoLayout;
    private StructLayoutInfo runLayout;
    private int http2CountsFd;
    private MappedRing ring;
    private boolean closed;

    private UdsProbe() {}

    /** Loads and attaches the probe; throws {@link BpfException} saying what is missing when it cannot. */
    public static UdsProbe load(ProbeConfig config) {
        BpfEnvironment.requireUsable();
        UdsProbe probe = new UdsProbe();
        try {
            probe.open(config);
            return probe;
        } catch (RuntimeException e) {
            probe.close();
            throw e;
        }
    }

    private void open(ProbeConfig config) {
        Libbpf.clearRecentLog();
        // libbpf reads the ELF image during open and load: it lives in this probe's arena until close
        byte[] image = objectImage();
        MemorySegment elf = arena.allocate(image.length, 8);
        elf.copyFrom(MemorySegment.ofArray(image));
        MemorySegment opts = arena.allocate(16, 8);
        opts.set(JAVA_LONG, 0, 16);
        opts.set(ADDRESS, 8, arena.allocateFrom("uds_trace"));
        object = Libbpf.openMem(elf, opts);

        // the fields are written at fixed offsets: check them against the object's BTF first, as uds_event's are
        ProbeConfig.verify(Libbpf.structLayout(Libbpf.objectBtf(object), "uds_config"));
        Libbpf.setInitialValue(Libbpf.findMap(object, ".rodata"), configSegment(config));
        Libbpf.setMaxEntries(Libbpf.findMap(object, "events"), config.ringBufferBytes());
        try {
            Libbpf.load(object);
        } catch (BpfException e) {
            if (e.errno() == EPERM) {
                throw new BpfException(
                        "the kernel refused the BPF programs (EPERM): run as root or with CAP_BPF"
                                + " and CAP_PERFMON; " + e.getMessage(),
                        EPERM);
            }
            throw e;
        }
        eventLayout = Libbpf.structLayout(Libbpf.objectBtf(object), "uds_event");
        fdInfoLayout = Libbpf.structLayout(Libbpf.objectBtf(object), "uds_fd_info");
        runLayout = Libbpf.structLayout(Libbpf.objectBtf(object), "uds_run");
        for (MemorySegment program = Libbpf.nextProgram(object, MemorySegment.NULL);
                !program.equals(MemorySegment.NULL);
                program = Libbpf.nextProgram(object, program)) {
            links.add(Libbpf.attach(program));
        }
        dropsFd = Libbpf.mapFd(Libbpf.findMap(object, "ringbuf_drops"));
        http2CountsFd = Libbpf.mapFd(Libbpf.findMap(object, "http2_counts"));
        cpus = Libbpf.possibleCpus();
        ring = MappedRing.map(Libbpf.mapFd(Libbpf.findMap(object, "events")), config.ringBufferBytes());
    }

    private static byte[] objectImage() {
        try (InputStream in = UdsProbe.class.getResourceAsStream(OBJECT_RESOURCE)) {
            if (in == null) {
                throw new BpfException(OBJECT_RESOURCE + " is not on the class path: the build compiles it with clang"
                        + " (run './dev build' to install clang and libbpf-dev)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new BpfException("cannot read " + OBJECT_RESOURCE + ": " + e);
        }
    }

    private MemorySegment configSegment(ProbeConfig config) {
        MemorySegment segment = arena.allocate(ProbeConfig.SIZE, 8);
        segment.set(JAVA_INT, ProbeConfig.IGNORE_TGID, config.ignorePid());
        segment.set(JAVA_INT, ProbeConfig.TARGET_TGID, config.targetPid());
        segment.set(JAVA_LONG, ProbeConfig.CGROUP_ID, config.cgroupId());
        segment.set(JAVA_INT, ProbeConfig.PAYLOAD_BYTES, config.payloadBytes());
        segment.set(JAVA_INT, ProbeConfig.WAKEUP_BYTES, config.wakeupBytes());
        return segment;
    }

    /** Records handed over by one poll at most: keeps the caller's memory flat and its loop turning. */
    private static final int MAX_PER_POLL = 4096;
    /** The last poll stopped at the bound: records are waiting, so the next one does not wait for a wake-up. */
    private boolean backlog;

    /**
     * Waits up to {@code timeoutMillis} for a wake-up (not when a backlog is known), then hands up to
     * {@value #MAX_PER_POLL} pending records to {@code sink} on this thread (the probe wakes the reader only in
     * batches, so records can be pending without one). A record whose sink throws is counted in
     * {@link #failedRecords()} and skipped.
     *
     * @return the number of records handed over
     */
    public synchronized int poll(RecordSink sink, int timeoutMillis) {
        ensureOpen();
        if (!backlog && ring.pendingBytes() == 0) {
            ring.awaitWakeup(timeoutMillis);
        }
        int handed = ring.read(
                record -> {
                    try {
                        sink.accept(record);
                    } catch (RuntimeException e) {
                        failedRecords.incrementAndGet();
                    }
                },
                MAX_PER_POLL);
        backlog = handed >= MAX_PER_POLL;
        return handed;
    }

    /** Records the kernel could not put in the full ring buffer, summed over CPUs. */
    public synchronized long kernelDrops() {
        return perCpuSum(dropsFd, 0);
    }

    /** One slot of the kernel's HTTP/2 capture counters ({@code UDS_HTTP2_*} in uds_event.h), summed over CPUs. */
    public synchronized long http2Count(int slot) {
        return perCpuSum(http2CountsFd, slot);
    }

    private long perCpuSum(int mapFd, int slot) {
        ensureOpen();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment key = call.allocate(JAVA_INT);
            key.set(JAVA_INT, 0, slot);
            MemorySegment values = call.allocate(JAVA_LONG, cpus);
            Libbpf.lookupElem(mapFd, key, values);
            long sum = 0;
            for (int cpu = 0; cpu < cpus; cpu++) {
                sum += values.getAtIndex(JAVA_LONG, cpu);
            }
            return sum;
        }
    }

    /** Records whose sink threw: counted, never propagated through native code. */
    public long failedRecords() {
        return failedRecords.get();
    }

    /** struct uds_event as compiled into the loaded object. */
    public StructLayoutInfo eventLayout() {
        return eventLayout;
    }

    /** struct uds_fd_info as compiled: one passed descriptor in a record's tail. */
    public StructLayoutInfo fdInfoLayout() {
        return fdInfoLayout;
    }

    /** struct uds_run as compiled: one run of an HTTP/2 record captured frame by frame. */
    public StructLayoutInfo runLayout() {
        return runLayout;
    }

    /** Programs attached (one per syscall entry or exit tracepoint). */
    public synchronized int attachedPrograms() {
        return links.size();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the probe is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ring != null) {
            ring.close();
        }
        for (MemorySegment link : links) {
            Libbpf.destroyLink(link);
        }
        links.clear();
        if (!object.equals(MemorySegment.NULL)) {
            Libbpf.closeObject(object);
        }
        arena.close();
    }
}
