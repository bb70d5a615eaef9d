package dev.udsotel.sidecar.bpf;

import java.util.Map;

/**
 * The probe's read-only settings, written into the object's {@code struct uds_config} before load.
 *
 * @param ignorePid a process whose calls are never captured (the sidecar itself), 0 for none
 * @param targetPid the only process to capture, 0 for all
 * @param cgroupId the only cgroup (v2 id) to capture, 0 for all
 * @param payloadBytes how many bytes of each send or receive to copy, at most {@link #MAX_PAYLOAD_BYTES}
 * @param wakeupBytes how many bytes may wait in the ring buffer before the reader is woken
 * @param ringBufferBytes ring buffer size: a power of two, at least one page
 */
public record ProbeConfig(
        int ignorePid, int targetPid, long cgroupId, int payloadBytes, int wakeupBytes, int ringBufferBytes) {
    public static final int MAX_PAYLOAD_BYTES = 4096;
    /** sizeof(struct uds_config) in bpf/uds_event.h. */
    static final long SIZE = 24;

    static final long IGNORE_TGID = 0;
    static final long TARGET_TGID = 4;
    static final long CGROUP_ID = 8;
    static final long PAYLOAD_BYTES = 16;
    static final long WAKEUP_BYTES = 20;
    static final Map<String, Long> OFFSETS = Map.of(
            "ignore_tgid",
            IGNORE_TGID,
            "target_tgid",
            TARGET_TGID,
            "cgroup_id",
            CGROUP_ID,
            "payload_bytes",
            PAYLOAD_BYTES,
            "wakeup_bytes",
            WAKEUP_BYTES);

    public ProbeConfig {
        if (payloadBytes < 0 || payloadBytes > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payloadBytes must be 0.." + MAX_PAYLOAD_BYTES + ": " + payloadBytes);
        }
        if (ringBufferBytes < 4096 || Integer.bitCount(ringBufferBytes) != 1) {
            throw new IllegalArgumentException("ringBufferBytes must be a power of two >= 4096: " + ringBufferBytes);
        }
        if (wakeupBytes < 0) {
            throw new IllegalArgumentException("wakeupBytes must not be negative: " + wakeupBytes);
        }
    }

    /** Fails when the compiled struct uds_config (from the object's BTF) differs from what the loader writes. */
    static void verify(StructLayoutInfo compiled) {
        if (compiled.size() != SIZE || !compiled.offsets().equals(OFFSETS)) {
            throw new BpfException("struct uds_config in the BPF object does not match the loader: compiled " + compiled
                    + ", expected size " + SIZE + " offsets " + OFFSETS
                    + " (bpf/uds_event.h and ProbeConfig disagree)");
        }
    }
}
