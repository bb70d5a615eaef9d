package dev.udsotel.sidecar.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, before loading anything into the kernel, what the capture needs, so the user reads
 * "needs CAP_BPF" rather than a bare EPERM from libbpf.
 */
final class Preflight {
    static final Path BTF = Path.of("/sys/kernel/btf/vmlinux");
    static final Path TRACEFS = Path.of("/sys/kernel/tracing");
    static final Path DEBUGFS_TRACING = Path.of("/sys/kernel/debug/tracing");
    private static final int CAP_SYS_ADMIN = 21;
    private static final int CAP_PERFMON = 38;
    private static final int CAP_BPF = 39;
    /** BPF ring buffers arrived in 5.8; BTF-typed tracepoints and CO-RE need nothing newer. */
    private static final int[] MINIMUM_KERNEL = {5, 8};

    private Preflight() {}

    static void check() throws EnvironmentException {
        checkKernel(read("/proc/sys/kernel/osrelease").trim());
        checkCapabilities(effectiveCapabilities());
        if (!Files.exists(BTF)) {
            throw new EnvironmentException("no kernel BTF at " + BTF + ": the kernel needs CONFIG_DEBUG_INFO_BTF=y"
                    + " (in a container, mount the host's /sys/kernel/btf read-only)");
        }
        ensureTracefs();
    }

    static void checkKernel(String release) throws EnvironmentException {
        String[] parts = release.split("[.-]");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = Integer.parseInt(parts[1]);
            if (major < MINIMUM_KERNEL[0] || (major == MINIMUM_KERNEL[0] && minor < MINIMUM_KERNEL[1])) {
                throw new EnvironmentException("kernel " + release + " is too old: uds-trace needs Linux "
                        + MINIMUM_KERNEL[0] + "." + MINIMUM_KERNEL[1] + " or later (BPF ring buffer)");
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new EnvironmentException("cannot read the kernel version from \"" + release + "\"");
        }
    }

    static void checkCapabilities(long effective) throws EnvironmentException {
        if (has(effective, CAP_SYS_ADMIN) || (has(effective, CAP_BPF) && has(effective, CAP_PERFMON))) {
            return;
        }
        List<String> missing = new ArrayList<>();
        if (!has(effective, CAP_BPF)) {
            missing.add("CAP_BPF");
        }
        if (!has(effective, CAP_PERFMON)) {
            missing.add("CAP_PERFMON");
        }
        throw new EnvironmentException("needs root or the CAP_BPF and CAP_PERFMON capabilities (missing "
                + String.join(" and ", missing) + "): run it with sudo, or give the container cap_add: [BPF, PERFMON]");
    }

    private static boolean has(long capabilities, int capability) {
        return (capabilities & (1L << capability)) != 0;
    }

    private static long effectiveCapabilities() throws EnvironmentException {
        for (String line : read("/proc/self/status").split("\n")) {
            if (line.startsWith("CapEff:")) {
                return Long.parseUnsignedLong(line.substring(7).trim(), 16);
            }
        }
        return 0;
    }

    /** Syscall tracepoints are found through tracefs; mount it when nobody has and we are allowed to. */
    private static void ensureTracefs() throws EnvironmentException {
        if (tracefsMounted()) {
            return;
        }
        String error = Tracefs.mount(TRACEFS);
        if (tracefsMounted()) {
            return;
        }
        throw new EnvironmentException("tracefs is not mounted at " + TRACEFS + " and mounting it failed (" + error
                + "): run 'mount -t tracefs tracefs " + TRACEFS + "' as root"
                + " (in a container, mount the host's /sys/kernel/tracing)");
    }

    static boolean tracefsMounted() {
        return Files.isDirectory(TRACEFS.resolve("events/syscalls"))
                || Files.isDirectory(DEBUGFS_TRACING.resolve("events/syscalls"));
    }

    private static String read(String file) throws EnvironmentException {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new EnvironmentException("cannot read " + file + " (" + e.getMessage() + "): is /proc mounted?");
        }
    }
}
