package dev.udsotel.agent.it;

import static dev.udsotel.agent.it.TracedJvm.ARRIVAL;
import static dev.udsotel.agent.it.TracedJvm.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.udsotel.agent.it.workload.AttachTargetWorkload;
import dev.udsotel.testing.ChildJvm;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.ReceivedSpan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The export thread's Linux scheduling class, read from /proc while the traced JVM runs, and its spans still arrive. */
class ExportPriorityIT {
    private static final int SCHED_IDLE = 5;

    @ParameterizedTest(name = "JDK {0}, export.priority={1}")
    @CsvSource({"17, idle, 5", "25, idle, 5", "17, normal, 0", "25, normal, 0"})
    void runsTheExportThreadInTheSchedulingClassAsked(int jdk, String priority, int expectedPolicy) throws Exception {
        Path socket = TracedJvm.socketDirectory().resolve("priority.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            String exitOutput;
            ChildJvm jvm = TracedJvm.withNativeAccess(
                    jdk,
                    TracedJvm.traced(
                            jdk,
                            receiver,
                            "export.priority=" + priority,
                            AttachTargetWorkload.class,
                            socket.toString()));
            try (ChildProcess app = ChildProcess.command(jvm.commandLine())
                    .name("priority-jdk" + jdk)
                    .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
                    .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                    .startInteractive()) {
                app.awaitOutput("connected", WAIT);
                app.stdin().write("round 1\n".getBytes(StandardCharsets.US_ASCII));
                app.stdin().flush();
                app.awaitOutput("round 1 done", WAIT);
                if (expectedPolicy != SCHED_IDLE) {
                    // sent while the JVM runs, so the class below is read with the SDK up, and the exit (which waits
                    // only 3 s for an SDK that a loaded machine may still be starting) cannot lose them
                    receiver.awaitSpans(ReceivedSpan.named("UDS " + socket), 2, WAIT);
                }

                assertEquals(expectedPolicy, awaitPolicy(app.pid(), "uds-agent-expor", expectedPolicy), app.tail(20));
                assertEquals(
                        expectedPolicy == SCHED_IDLE ? 1 : 0,
                        idleThreads(app.pid()),
                        "the export thread alone changes class; the application's threads keep theirs");

                app.stdin().close();
                assertEquals(0, app.waitFor(WAIT), app.tail(20));
                exitOutput = app.tail(20);
            }
            // what the agent said at exit (a loss, and why) is what explains spans that never came
            assertEquals(
                    2,
                    receiver.awaitSpans(
                                    ReceivedSpan.named("UDS " + socket), 2, ARRIVAL, "the traced JVM", () -> exitOutput)
                            .size());
        }
    }

    private static long idleThreads(long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            return tasks.map(t -> read(t.resolve("stat")))
                    .filter(stat -> !stat.isEmpty() && policyIn(stat) == SCHED_IDLE)
                    .count();
        }
    }

    /**
     * The thread's policy once it is {@code expected}, or as it is after {@link TracedJvm#WAIT}: the export thread turns
     * idle only once the agent's SDK is up, which on a loaded machine can come after the workload's first round.
     */
    private static int awaitPolicy(long pid, String comm, int expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int policy = schedulingPolicy(pid, comm);
        while (policy != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            policy = schedulingPolicy(pid, comm);
        }
        return policy;
    }

    /** Field 41 of /proc/PID/task/TID/stat, for the thread whose (15-character) name is {@code comm}. */
    private static int schedulingPolicy(long pid, String comm) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            Path task = tasks.filter(t -> comm.equals(read(t.resolve("comm")).trim()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no thread named " + comm + " in pid " + pid));
            return policyIn(read(task.resolve("stat")));
        }
    }

    private static int policyIn(String stat) {
        String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(afterName[41 - 3]);
    }

    /** The file's text, or "" when its thread ended between the listing and the read (the SDK starts short ones). */
    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
