package dev.udsotel.sidecar.capture;

import static org.junit.jupiter.api.Assertions.fail;

import dev.udsotel.core.event.IoEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Polls a capture and keeps what it delivered, so tests can wait for the events a real process caused. */
final class Recorder {
    /** A record with the core events it became. */
    record Captured(UdsEvent raw, List<IoEvent> events) {}

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final UdsCapture capture;
    private final List<Captured> seen = new ArrayList<>();

    Recorder(UdsCapture capture) {
        this.capture = capture;
    }

    /** Polls until {@code done} holds for what was captured; fails naming {@code what} if it never does. */
    List<Captured> awaitUntil(String what, Predicate<List<Captured>> done) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.test(seen)) {
            if (System.nanoTime() > deadline) {
                fail("never captured " + what + "; captured " + seen.size() + " records (kernel drops "
                        + capture.kernelDrops()
                        + ", user drops " + capture.userDrops() + "), last ones: "
                        + seen.subList(Math.max(0, seen.size() - 10), seen.size()).stream()
                                .map(Captured::raw)
                                .toList());
            }
            capture.poll((raw, events) -> seen.add(new Captured(raw, events)), Duration.ofMillis(50));
        }
        return seen;
    }

    List<Captured> ofPid(long pid) {
        return seen.stream().filter(c -> c.raw().pid() == pid).toList();
    }

    Stream<IoEvent> ioEventsOfPid(long pid) {
        return ofPid(pid).stream().flatMap(c -> c.events().stream());
    }

    List<Captured> all() {
        return seen;
    }
}
