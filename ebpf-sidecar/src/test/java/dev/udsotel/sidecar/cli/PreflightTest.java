package dev.udsotel.sidecar.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PreflightTest {
    @Test
    void aKernelOlderThanSixTwoIsRefusedWithWhatItNeeds() {
        EnvironmentException e =
                assertThrows(EnvironmentException.class, () -> Preflight.checkKernel("5.15.0-150-generic"));
        assertEquals(
                "kernel 5.15.0-150-generic is not supported: uds-trace needs Linux 6.2 or later (the probe uses bpf_rdonly_cast)",
                e.getMessage());
        assertThrows(EnvironmentException.class, () -> Preflight.checkKernel("6.1.0"));
        assertThrows(EnvironmentException.class, () -> Preflight.checkKernel("4.19.0"));
    }

    @Test
    void currentKernelsPass() {
        assertDoesNotThrow(() -> Preflight.checkKernel("6.2.0"));
        assertDoesNotThrow(() -> Preflight.checkKernel("6.18.0-rc1"));
        assertDoesNotThrow(() -> Preflight.checkKernel("10.0"));
    }
}
