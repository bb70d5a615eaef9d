package dev.udsotel.sidecar.bpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The BPF ring buffer read straight from its memory mapping, the protocol libbpf's ring_buffer__consume
 * follows: no native upcall per record (about a tenth of the reader's CPU), and the consumer position is
 * published once per batch instead of once per record.
 *
 * <p>Layout (kernel/bpf/ringbuf.c): page 0 holds consumer_pos, writable by us; page 1 holds producer_pos;
 * the data pages follow. The kernel offers them twice in a row, so that a record that wraps is contiguous, but
 * it populates every mapped page at mmap time and each counts in our RSS: the data is mapped once, and the rare
 * record that wraps is copied into a scratch buffer. Each record starts with an 8-byte header (never split, as
 * positions are 8-byte aligned): its length, with a busy bit while the producer writes it and a discard bit.
 *
 * <p>The reader waits for the probe's wake-ups on an epoll set of its own that watches the map's fd.
 */
final class MappedRing implements AutoCloseable {
    private static final int BUSY = 1 << 31;
    private static final int DISCARD = 1 << 30;
    private static final int RECORD_HEADER = 8;
    private static final int PROT_READ = 1;
    private static final int PROT_WRITE = 2;
    private static final int MAP_SHARED = 1;
    /** Records handled before the consumer position is published, so the kernel sees space free up while we work. */
    private static final int PUBLISH_EVERY = 256;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle MMAP =
            libc("mmap", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = libc("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle PAGE_SIZE = libc("getpagesize", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle EPOLL_CREATE1 = libc("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle EPOLL_CTL =
            libc("epoll_ctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle CLOSE = libc("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final int EPOLL_CLOEXEC = 0x80000;
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLLIN = 1;
    private static final MethodHandle EPOLL_WAIT =
            libc("epoll_wait", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    /** Room for one struct epoll_event (12 bytes on x86-64, 16 elsewhere); only the wake-up matters. */
    private static final long EPOLL_EVENT_ROOM = 16;

    private static final VarHandle LONG = JAVA_LONG.varHandle();
    private static final VarHandle INT = JAVA_INT.varHandle();

    private final long pageSize;
    private final long mask;
    private final MemorySegment consumerPage;
    private final MemorySegment producerAndData;

    private final long size;
    private final int epollFd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment epollEvent = arena.allocate(EPOLL_EVENT_ROOM, 8);
    private MemorySegment wrapped = MemorySegment.NULL;

    private MappedRing(
            long pageSize, long size, MemorySegment consumerPage, MemorySegment producerAndData, int epollFd) {
        this.pageSize = pageSize;
        this.size = size;
        this.mask = size - 1;
        this.consumerPage = consumerPage;
        this.producerAndData = producerAndData;
        this.epollFd = epollFd;
    }

    /** Maps the ring buffer map {@code mapFd} of {@code size} bytes (its max_entries, a power of two). */
    static MappedRing map(int mapFd, long size) {
        long page = pageSize();
        MemorySegment consumer = mmap(page, PROT_READ | PROT_WRITE, mapFd, 0);
        MemorySegment data = MemorySegment.NULL;
        try {
            data = mmap(page + size, PROT_READ, mapFd, page);
            return new MappedRing(page, size, consumer, data, epollOn(mapFd));
        } catch (RuntimeException e) {
            if (!data.equals(MemorySegment.NULL)) {
                munmap(data);
            }
            munmap(consumer);
            throw e;
        }
    }

    private static int epollOn(int fd) {
        try (Arena call = Arena.ofConfined()) {
            int epoll = (int) EPOLL_CREATE1.invokeExact(EPOLL_CLOEXEC);
            if (epoll < 0) {
                throw new BpfException("epoll_create1 failed");
            }
            MemorySegment event = call.allocate(EPOLL_EVENT_ROOM, 8);
            event.set(JAVA_INT, 0, EPOLLIN); // events comes first in every layout of struct epoll_event
            if ((int) EPOLL_CTL.invokeExact(epoll, EPOLL_CTL_ADD, fd, event) < 0) {
                int ignored = (int) CLOSE.invokeExact(epoll);
                throw new BpfException("epoll_ctl on the ring buffer failed");
            }
            return epoll;
        } catch (BpfException e) {
            throw e;
        } catch (Throwable e) {
            throw new BpfException("epoll on the ring buffer: " + e);
        }
    }

    /**
     * Hands each complete record to {@code sink}, at most {@code max}, oldest first; stops at a record the
     * producer is still writing. A record is only valid during its call.
     *
     * @return the records handed over (discarded ones are skipped, not counted)
     */
    int read(UdsProbe.RecordSink sink, int max) {
        long consumed = (long) LONG.getAcquire(consumerPage, 0L);
        long produced = (long) LONG.getAcquire(producerAndData, 0L);
        int handed = 0;
        int sincePublish = 0;
        while (handed < max) {
            if (consumed >= produced) {
                produced = (long) LONG.getAcquire(producerAndData, 0L);
                if (consumed >= produced) {
                    break;
                }
            }
            long header = pageSize + (consumed & mask);
            int length = (int) INT.getAcquire(producerAndData, header);
            if ((length & BUSY) != 0) {
                break;
            }
            int payload = length & ~(BUSY | DISCARD);
            if ((length & DISCARD) == 0) {
                sink.accept(record(header + RECORD_HEADER, payload));
                handed++;
            }
            consumed += (payload + RECORD_HEADER + 7) & ~7L;
            if (++sincePublish >= PUBLISH_EVERY) {
                LONG.setRelease(consumerPage, 0L, consumed);
                sincePublish = 0;
            }
        }
        LONG.setRelease(consumerPage, 0L, consumed);
        return handed;
    }

    /** The record's bytes: in place, or copied together when they run past the end of the data pages. */
    private MemorySegment record(long start, int length) {
        long end = pageSize + size;
        if (start + length <= end) {
            return producerAndData.asSlice(start, length);
        }
        if (wrapped.byteSize() < length) {
            wrapped = arena.allocate(Math.max(length, 8192), 8);
        }
        long first = end - start;
        MemorySegment.copy(producerAndData, start, wrapped, 0, first);
        MemorySegment.copy(producerAndData, pageSize, wrapped, first, length - first);
        return wrapped.asSlice(0, length);
    }

    /**
     * Waits up to {@code timeoutMillis} for the probe's wake-up. A signal ends the wait early, which is harmless:
     * the caller reads whatever is there.
     */
    void awaitWakeup(int timeoutMillis) {
        try {
            int ignored = (int) EPOLL_WAIT.invokeExact(epollFd, epollEvent, 1, timeoutMillis);
        } catch (Throwable e) {
            throw new BpfException("epoll_wait on the ring buffer: " + e);
        }
    }

    /** Bytes written by the probe and not yet read. */
    long pendingBytes() {
        return (long) LONG.getAcquire(producerAndData, 0L) - (long) LONG.getAcquire(consumerPage, 0L);
    }

    @Override
    public void close() {
        munmap(producerAndData);
        munmap(consumerPage);
        try {
            int ignored = (int) CLOSE.invokeExact(epollFd);
        } catch (Throwable e) {
            throw new BpfException("close of the epoll fd: " + e);
        }
        arena.close();
    }

    private static long pageSize() {
        try {
            return (int) PAGE_SIZE.invokeExact();
        } catch (Throwable e) {
            throw new BpfException("getpagesize: " + e);
        }
    }

    private static MemorySegment mmap(long length, int protection, int fd, long offset) {
        MemorySegment address;
        try {
            address = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, length, protection, MAP_SHARED, fd, offset);
        } catch (Throwable e) {
            throw new BpfException("mmap of the ring buffer: " + e);
        }
        if (address.address() == -1L || address.equals(MemorySegment.NULL)) {
            throw new BpfException("mmap of the ring buffer (" + length + " bytes at " + offset + ") failed");
        }
        return address.reinterpret(length);
    }

    private static void munmap(MemorySegment mapping) {
        try {
            int ignored = (int) MUNMAP.invokeExact(mapping, mapping.byteSize());
        } catch (Throwable e) {
            throw new BpfException("munmap of the ring buffer: " + e);
        }
    }

    private static MethodHandle libc(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(
                LINKER.defaultLookup().find(name).orElseThrow(() -> new BpfException("the C library lacks " + name)),
                descriptor);
    }
}
