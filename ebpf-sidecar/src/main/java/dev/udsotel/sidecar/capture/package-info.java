/**
 * Host-wide AF_UNIX capture for the sidecar and the {@code uds-trace} CLI.
 *
 * <pre>{@code
 * CaptureConfig config = CaptureConfig.defaults()      // every process but this JVM, 256 payload bytes
 *         .withPayloadBytes(1024).withTargetPid(pid);  // or .withCgroup(Path.of("/sys/fs/cgroup/..."))
 * try (UdsCapture capture = UdsCapture.start(config)) {  // BpfException says what is missing
 *     while (running) {
 *         capture.pollRaw(listener, Duration.ofMillis(100));  // a CaptureListener gets each record's UdsEvent
 *                                                             // (pid, comm, fd, syscall, path) and its IoEvents
 *     }
 *     capture.kernelDrops(); capture.userDrops();
 * }
 * }</pre>
 *
 * {@link dev.udsotel.sidecar.capture.UdsEvent} mirrors {@code bpf/uds_event.h}; each record becomes zero or more
 * core {@link dev.udsotel.core.event.IoEvent}s on one {@link dev.udsotel.core.event.Connection} per process and
 * socket inode. Needs root (or CAP_BPF + CAP_PERFMON), kernel BTF and {@code --enable-native-access=ALL-UNNAMED}.
 */
package dev.udsotel.sidecar.capture;
