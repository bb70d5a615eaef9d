package dev.udsotel.sidecar.bpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Checks what the probe needs from the machine before libbpf is asked, so failures say what to fix. */
public final class BpfEnvironment {
    static final Path KERNEL_BTF = Path.of("/sys/kernel/btf/vmlinux");
    static final Path TRACEFS = Path.of("/sys/kernel/tracing");
    private static final Path SYSCALL_EVENTS = TRACEFS.resolve("events/syscalls");
    private static final Path LEGACY_SYSCALL_EVENTS = Path.of("/sys/kernel/debug/tracing/events/syscalls");
    private static final int CAP_SYS_ADMIN = 21;
    private static final int CAP_PERFMON = 38;
    private static final int CAP_BPF = 39;

    private BpfEnvironment() {}

    /** Why the probe cannot run here, or empty when it can (mounting tracefs if that is all that is missing). */
    public static Optional<String> unavailableReason() {
        try {
            requireUsable();
            return Optional.empty();
        } catch (BpfException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Throws a {@link BpfException} naming the missing privilege, kernel feature or mount. */
    public static void requireUsable() {
        long caps = effectiveCapabilities();
        boolean privileged = has(caps, CAP_SYS_ADMIN) || (has(caps, CAP_BPF) && has(caps, CAP_PERFMON));
        if (!privileged) {
            throw new BpfException(
                    "capturing with eBPF needs root, or CAP_BPF and CAP_PERFMON" + " (effective capabilities: "
                            + Long.toHexString(caps) + ")",
                    1);
        }
        try {
            SymbolLookup.libraryLookup(Libbpf.LIBRARY, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new BpfException(Libbpf.LIBRARY + " cannot be loaded: install libbpf 1.1 or newer"
                    + " (Debian/Ubuntu package libbpf1; './dev build' installs it)");
        }
        if (!Files.isReadable(KERNEL_BTF)) {
            throw new BpfException("the kernel exposes no BTF (" + KERNEL_BTF + " is missing): the probe is CO-RE"
                    + " and needs a kernel built with CONFIG_DEBUG_INFO_BTF=y");
        }
        if (!Files.isDirectory(SYSCALL_EVENTS) && !Files.isDirectory(LEGACY_SYSCALL_EVENTS)) {
            mountTracefs();
            if (!Files.isDirectory(SYSCALL_EVENTS)) {
                throw new BpfException("syscall tracepoints are not available: " + SYSCALL_EVENTS
                        + " is missing after mounting tracefs (kernel without CONFIG_FTRACE_SYSCALLS?)");
            }
        }
    }

    private static boolean has(long caps, int capability) {
        return (caps & (1L << capability)) != 0;
    }

    private static long effectiveCapabilities() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("CapEff:"))
                    .map(line -> Long.parseUnsignedLong(line.substring(7).trim(), 16))
                    .findFirst()
                    .orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }

    /** mount -t tracefs tracefs /sys/kernel/tracing, through libc so no mount binary is needed. */
    private static void mountTracefs() {
        Linker linker = Linker.nativeLinker();
        MethodHandle mount = linker.downcallHandle(
                linker.defaultLookup().find("mount").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS),
                Linker.Option.captureCallState("errno"));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(Linker.Option.captureStateLayout());
            MemorySegment tracefs = arena.allocateFrom("tracefs");
            int result = (int) mount.invokeExact(
                    errno, tracefs, arena.allocateFrom(TRACEFS.toString()), tracefs, 0L, MemorySegment.NULL);
            if (result != 0) {
                int code = errno.get(
                        JAVA_INT,
                        Linker.Option.captureStateLayout()
                                .byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno")));
                throw new BpfException(
                        "tracefs is not mounted and mounting it failed (errno " + code
                                + "): run 'mount -t tracefs tracefs " + TRACEFS + "'",
                        code);
            }
        } catch (BpfException e) {
            throw e;
        } catch (Throwable e) {
            throw new BpfException("mounting tracefs failed: " + e);
        }
    }
}
