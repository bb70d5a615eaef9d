package dev.udsotel.sidecar.cli;

import dev.udsotel.sidecar.bpf.BpfEnvironment;
import dev.udsotel.testing.Prerequisite;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For test classes that run the real uds-trace: skipped, with the reason, where eBPF capture is unavailable; otherwise
 * the test JVM and its children run in a cgroup of their own, so the capture's kernel filter sees only their traffic.
 */
final class CapturesInTestCgroup implements BeforeAllCallback, AfterAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<String> why = BpfEnvironment.unavailableReason();
        Prerequisite.requireNoReason(why, "eBPF capture");
        TestCgroup.enter();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestCgroup.leave();
    }
}
