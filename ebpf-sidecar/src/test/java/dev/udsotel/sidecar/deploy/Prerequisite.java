package dev.udsotel.sidecar.deploy;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A missing prerequisite fails the test in CI (CI=true), where ./dev installs everything; elsewhere it skips it. */
final class Prerequisite {
    private Prerequisite() {}

    static void require(boolean present, String what) {
        if (present) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(what + " (CI=true: ./dev installs it, so this is a broken machine, not a skip)");
        }
        assumeTrue(false, what);
    }
}
