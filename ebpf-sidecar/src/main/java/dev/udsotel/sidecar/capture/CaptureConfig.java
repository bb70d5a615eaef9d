package dev.udsotel.sidecar.capture;

import dev.udsotel.sidecar.bpf.ProbeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What to capture.
 *
 * @param payloadBytes bytes of each send and receive to copy (0..4096)
 * @param ignoreOwnProcess leave this JVM's own Unix socket calls out (in the kernel)
 * @param targetPid capture only this process, 0 for every process
 * @param cgroupId capture only this cgroup v2 id (the inode number of its directory), 0 for every cgroup
 * @param ringBufferBytes kernel-to-user ring buffer size, a power of two
 * @param wakeupBytes pending bytes at which the kernel wakes the reader; smaller means lower latency,
 *     larger means less overhead for the traced programs
 */
public record CaptureConfig(
        int payloadBytes,
        boolean ignoreOwnProcess,
        int targetPid,
        long cgroupId,
        int ringBufferBytes,
        int wakeupBytes) {
    public static final int DEFAULT_PAYLOAD_BYTES = UdsEventLayout.UDS_PAYLOAD_DEFAULT;
    public static final int DEFAULT_RING_BUFFER_BYTES = 16 * 1024 * 1024;
    public static final int DEFAULT_WAKEUP_BYTES = 32 * 1024;

    /** Every process but this one, 256 payload bytes. */
    public static CaptureConfig defaults() {
        return new CaptureConfig(DEFAULT_PAYLOAD_BYTES, true, 0, 0, DEFAULT_RING_BUFFER_BYTES, DEFAULT_WAKEUP_BYTES);
    }

    public CaptureConfig withPayloadBytes(int bytes) {
        return new CaptureConfig(bytes, ignoreOwnProcess, targetPid, cgroupId, ringBufferBytes, wakeupBytes);
    }

    public CaptureConfig withTargetPid(int pid) {
        return new CaptureConfig(payloadBytes, ignoreOwnProcess, pid, cgroupId, ringBufferBytes, wakeupBytes);
    }

    public CaptureConfig withCgroupId(long id) {
        return new CaptureConfig(payloadBytes, ignoreOwnProcess, targetPid, id, ringBufferBytes, wakeupBytes);
    }

    /**
     * Captures only the processes of this cgroup v2 directory (its inode number is the cgroup id). Any other
     * directory has an inode number too, and would silently capture nothing: on hosts with the hybrid layout
     * /sys/fs/cgroup is a tmpfs and v2 lives in /sys/fs/cgroup/unified. The kernel gives every v2 directory a
     * cgroup.controllers file, which nobody can create in a plain directory by writing to it by mistake.
     */
    public CaptureConfig withCgroup(Path cgroupDirectory) throws IOException {
        if (!Files.isRegularFile(cgroupDirectory.resolve("cgroup.controllers"))) {
            throw new IOException("not a cgroup v2 directory (it has no cgroup.controllers)");
        }
        return withCgroupId(((Number) Files.getAttribute(cgroupDirectory, "unix:ino")).longValue());
    }

    public CaptureConfig withRingBufferBytes(int bytes) {
        return new CaptureConfig(payloadBytes, ignoreOwnProcess, targetPid, cgroupId, bytes, wakeupBytes);
    }

    ProbeConfig probeConfig() {
        int own = ignoreOwnProcess ? (int) ProcessHandle.current().pid() : 0;
        return new ProbeConfig(own, targetPid, cgroupId, payloadBytes, wakeupBytes, ringBufferBytes);
    }
}
