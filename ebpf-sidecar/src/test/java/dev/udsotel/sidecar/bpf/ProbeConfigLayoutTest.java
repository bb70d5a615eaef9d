package dev.udsotel.sidecar.bpf;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The loader writes struct uds_config at fixed offsets; a struct compiled differently is refused before anything is
 * written. Every capture test loads the real object, so the compiled layout is checked there too.
 */
class ProbeConfigLayoutTest {
    @Test
    void aConfigStructWithAMovedOrResizedFieldIsRefused() {
        Map<String, Long> moved = new HashMap<>(ProbeConfig.OFFSETS);
        moved.put("payload_bytes", 20L);
        moved.put("wakeup_bytes", 16L);
        assertThrows(
                BpfException.class,
                () -> ProbeConfig.verify(new StructLayoutInfo("uds_config", ProbeConfig.SIZE, moved)));
        assertThrows(
                BpfException.class,
                () -> ProbeConfig.verify(new StructLayoutInfo("uds_config", 32, ProbeConfig.OFFSETS)));
        assertDoesNotThrow(
                () -> ProbeConfig.verify(new StructLayoutInfo("uds_config", ProbeConfig.SIZE, ProbeConfig.OFFSETS)));
    }
}
