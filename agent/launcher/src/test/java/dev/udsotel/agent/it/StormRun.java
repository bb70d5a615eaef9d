package dev.udsotel.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.testing.ChildProcess;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a finished {@link dev.udsotel.agent.it.workload.ExchangeStormWorkload} printed: its heap samples and byte
 * checks on stdout, and the agent's loss reports on stderr.
 */
record StormRun(ChildProcess app, String stdout, String stderr) {
    private static final Pattern AT_EXIT =
            Pattern.compile("\\[uds-agent] at exit: (\\d+) spans ended, (\\d+) exported, "
                    + "(\\d+) failed to export, (\\d+) dropped or pending in the SDK's queue, (\\d+) exchanges shed for room in the SDK's queue; "
                    + "(\\d+) events dropped by the agent's queue; "
                    + "(\\d+) exchanges shed over the export.cpu budget");
    private static final Pattern FAILED = Pattern.compile("\\[uds-agent] (\\d+) spans failed to export in all");
    private static final Pattern DROPPED = Pattern.compile("\\[uds-agent] dropped (\\d+) events in all");
    private static final Pattern SHED = Pattern.compile("\\[uds-agent] shed (\\d+) exchanges in all");

    /** The agent's summary at exit, printed only when something was lost. */
    record AtExit(
            long ended,
            long exported,
            long failed,
            long unaccounted,
            long shedForRoom,
            long queueDrops,
            long shedExchanges) {}

    static StormRun of(ChildProcess app) {
        return new StormRun(app, app.stdout(), app.stderr());
    }

    /** The used heap after System.gc() at the sample with this label. */
    long heap(String label) {
        Matcher heap = Pattern.compile("^heap " + label + " (\\d+)$", Pattern.MULTILINE)
                .matcher(stdout);
        assertTrue(heap.find(), () -> "no heap sample '" + label + "' in\n" + stdout);
        return Long.parseLong(heap.group(1));
    }

    List<Long> heapSamples() {
        return stdout.lines()
                .filter(line -> line.startsWith("heap "))
                .map(line -> Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)))
                .toList();
    }

    /** Every exchange went through, every echo came back byte for byte, and each server saw what its client sent. */
    void assertEveryByteExact(long exchanges) {
        assertTrue(stdout.contains("exchanges " + exchanges + " mismatches 0\n"), app.output());
        List<String> connections = stdout.lines()
                .filter(line -> line.startsWith("connection ") || line.startsWith("quiet "))
                .toList();
        assertTrue(!connections.isEmpty(), stdout);
        for (String line : connections) {
            Matcher digests = Pattern.compile("sent ([0-9a-f]{64}) received ([0-9a-f]{64})")
                    .matcher(line);
            assertTrue(digests.find(), line);
            assertEquals(digests.group(1), digests.group(2), line);
        }
    }

    AtExit atExit() {
        Matcher m = AT_EXIT.matcher(stderr);
        assertTrue(m.find(), () -> "no loss summary at exit in\n" + stderr);
        return new AtExit(
                Long.parseLong(m.group(1)),
                Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4)),
                Long.parseLong(m.group(5)),
                Long.parseLong(m.group(6)),
                Long.parseLong(m.group(7)));
    }

    /** The last "N spans failed to export in all" report, if any. */
    OptionalLong lastFailedReport() {
        return last(FAILED);
    }

    /** The last "dropped N events in all" report, if any. */
    OptionalLong lastDroppedReport() {
        return last(DROPPED);
    }

    /** The last "shed N exchanges in all" report, if any. */
    OptionalLong lastShedReport() {
        return last(SHED);
    }

    private OptionalLong last(Pattern pattern) {
        Matcher m = pattern.matcher(stderr);
        OptionalLong last = OptionalLong.empty();
        while (m.find()) {
            last = OptionalLong.of(Long.parseLong(m.group(1)));
        }
        return last;
    }
}
