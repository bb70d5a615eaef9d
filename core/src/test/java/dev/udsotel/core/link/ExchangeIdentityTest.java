package dev.udsotel.core.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExchangeIdentityTest {
    private static final BootId BOOT = BootId.parse("4a3c1e0b-8d2f-4b8e-9c71-2f0e5d6a7b8c");
    private static final BootId NEXT_BOOT = BootId.parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
    private static final int CONNECTIONS = 10_000;
    private static final int EXCHANGES_EACH = 5;

    @Test
    void bothEndsDeriveTheSameIdentityWhicheverInodeIsTheirOwn() {
        ExchangeIdentity.Keys keys = new ExchangeIdentity.Keys(BOOT);
        assertEquals(keys.derive(41387, 41388, 3), keys.derive(41388, 41387, 3));
        assertEquals(new ExchangeIdentity.Keys(BOOT).derive(41387, 41388, 3), keys.derive(41387, 41388, 3));
    }

    @Test
    void idsAreValidW3cIdsAndTheTwoEndsSpanIdsDiffer() {
        ExchangeIdentity id = new ExchangeIdentity.Keys(BOOT).derive(0, 0, 0);
        assertTrue(id.traceId().matches("[0-9a-f]{32}") && !id.traceId().matches("0+"), id.toString());
        assertTrue(
                id.clientSpanId().matches("[0-9a-f]{16}") && !id.clientSpanId().matches("0+"), id.toString());
        assertTrue(
                id.serverSpanId().matches("[0-9a-f]{16}") && !id.serverSpanId().matches("0+"), id.toString());
        assertNotEquals(id.clientSpanId(), id.serverSpanId());
    }

    @Test
    void idsStayDistinctAcrossTenThousandConnectionsAServerRestartAndAReboot() {
        Set<String> traces = new HashSet<>();
        Set<String> spans = new HashSet<>();
        // sockfs inodes come from one counter: a restarted server and its new clients get later numbers
        long firstRun = 3_000_000_000L;
        long afterRestart = firstRun + 2 * CONNECTIONS + 17;
        int derived = 0;
        for (BootId boot : new BootId[] {BOOT, NEXT_BOOT}) {
            ExchangeIdentity.Keys keys = new ExchangeIdentity.Keys(boot);
            for (long base : new long[] {firstRun, afterRestart}) {
                for (int i = 0; i < CONNECTIONS; i++) {
                    long client = base + 2L * i;
                    long server = client + 1;
                    for (int n = 1; n <= EXCHANGES_EACH; n++) {
                        ExchangeIdentity id = keys.derive(client, server, n);
                        derived++;
                        assertTrue(traces.add(id.traceId()), "trace id repeated: " + id);
                        assertTrue(spans.add(id.clientSpanId()), "client span id repeated: " + id);
                        assertTrue(spans.add(id.serverSpanId()), "server span id repeated: " + id);
                    }
                }
            }
        }
        assertEquals(2 * 2 * CONNECTIONS * EXCHANGES_EACH, derived);
        assertEquals(derived, traces.size());
    }

    @Test
    void neighbouringInputsGiveUnrelatedIds() {
        ExchangeIdentity.Keys keys = new ExchangeIdentity.Keys(BOOT);
        String a = keys.derive(100, 101, 1).traceId();
        String b = keys.derive(100, 101, 2).traceId();
        int differing = 0;
        for (int i = 0; i < 32; i++) {
            differing += a.charAt(i) != b.charAt(i) ? 1 : 0;
        }
        assertTrue(differing > 20, a + " vs " + b);
    }

    @Test
    void readsTheBootIdOfThisKernel() {
        assertNotNull(BootId.current(), "/proc/sys/kernel/random/boot_id should be readable here");
        assertEquals(BootId.current(), BootId.current());
        assertNull(BootId.parse("not a uuid"));
    }
}
