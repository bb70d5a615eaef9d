package dev.udsotel.sidecar.cli;

import dev.udsotel.sidecar.bpf.BpfEnvironment;
import dev.udsotel.sidecar.bpf.BpfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before loading anything into the kernel, what the capture needs, so the user reads
 * "needs CAP_BPF" rather than a bare EPERM from libbpf. Privileges, BTF and tracefs (mounted here when
 * missing and allowed) are the probe's own checks; the kernel version is checked first, since an old
 * kernel fails every later check in a less helpful way.
 */
final class Preflight {
    /** The probe casts kernel pointers with bpf_rdonly_cast, a kfunc that arrived in 6.2 (ring buffers: 5.8). */
    private static final int[] MINIMUM_KERNEL = {6, 2};

    private Preflight() {}

    static void check() throws EnvironmentException {
        checkKernel(osRelease());
        try {
            BpfEnvironment.requireUsable();
        } catch (BpfException e) {
            throw new EnvironmentException(e.getMessage()
                    + " (in a container: cap_add BPF and PERFMON, mount /sys/kernel/btf and /sys/kernel/tracing)");
        }
    }

    static void checkKernel(String release) throws EnvironmentException {
        String[] parts = release.split("[.-]");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = Integer.parseInt(parts[1]);
            if (major < MINIMUM_KERNEL[0] || (major == MINIMUM_KERNEL[0] && minor < MINIMUM_KERNEL[1])) {
                throw new EnvironmentException("kernel " + release + " is not supported: uds-trace needs Linux "
                        + MINIMUM_KERNEL[0] + "." + MINIMUM_KERNEL[1] + " or later (the probe uses bpf_rdonly_cast)");
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new EnvironmentException("cannot read the kernel version from \"" + release + "\"");
        }
    }

    private static String osRelease() throws EnvironmentException {
        Path file = Path.of("/proc/sys/kernel/osrelease");
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new EnvironmentException("cannot read " + file + " (" + e.getMessage() + "): is /proc mounted?");
        }
    }
}
