package dev.udsotel.sidecar.bpf;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LibbpfTest {
    @Test
    void explainsARefusedObjectWithErrnoAndLibbpfsOwnLog() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment notElf = arena.allocateFrom("this is not an ELF object", StandardCharsets.UTF_8);
            Libbpf.clearRecentLog();
            BpfException e = assertThrows(BpfException.class, () -> Libbpf.openMem(notElf, MemorySegment.NULL));
            assertTrue(e.errno() > 0, "errno captured: " + e.getMessage());
            assertTrue(
                    e.getMessage().contains("libbpf said:") && e.getMessage().contains("elf"),
                    "libbpf's printf-style log, formatted through vsnprintf: " + e.getMessage());
        }
    }
}
