/**
 * The eBPF probe's loader: {@link dev.udsotel.sidecar.bpf.UdsProbe} opens {@code /bpf/uds_trace.bpf.o} from the jar,
 * sets its read-only config, loads and attaches it through libbpf.so.1 (java.lang.foreign, no third-party binding)
 * and hands ring-buffer records to a sink. {@link dev.udsotel.sidecar.bpf.BpfEnvironment} explains what is missing.
 */
package dev.udsotel.sidecar.bpf;
