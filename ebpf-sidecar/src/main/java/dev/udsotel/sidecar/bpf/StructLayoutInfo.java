package dev.udsotel.sidecar.bpf;

import java.util.Map;

/**
 * A struct as the compiler laid it out in the BPF object, from its BTF.
 *
 * @param offsets member name to byte offset, in declaration order
 */
public record StructLayoutInfo(String name, long size, Map<String, Long> offsets) {
    public StructLayoutInfo {
        offsets = Map.copyOf(offsets);
    }
}
