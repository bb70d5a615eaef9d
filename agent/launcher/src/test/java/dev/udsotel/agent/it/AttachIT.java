package dev.udsotel.agent.it;

import static dev.udsotel.agent.it.TracedJvm.ARRIVAL;
import static dev.udsotel.agent.it.TracedJvm.WAIT;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.agent.it.workload.AttachTargetWorkload;
import dev.udsotel.testing.ChildJvm;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.CommandResult;
import dev.udsotel.testing.Jdks;
import dev.udsotel.testing.OtlpReceiver;
import dev.udsotel.testing.ReceivedSpan;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code java -jar uds-agent.jar attach <pid>} (run on JDK 17) into a JVM already running without the agent, whose
 * Unix socket connection is open before the agent arrives. JDK 25 targets run with -XX:+EnableDynamicAgentLoading.
 */
class AttachIT {
    private static final String DYNAMIC_AGENT_WARNING = "WARNING: A Java agent has been loaded dynamically";
    private static final Map<Integer, Run> RUNS = new ConcurrentHashMap<>();

    private record Run(
            Path socket,
            long pid,
            CommandResult attach,
            CommandResult secondAttach,
            CommandResult list,
            String targetStderr,
            List<ReceivedSpan> spans) {
        ReceivedSpan only(String kind, int round) {
            String preview = Previews.of(AttachTargetWorkload.message(round));
            List<ReceivedSpan> found = spans.stream()
                    .filter(ReceivedSpan.ofKind(kind).and(ReceivedSpan.withAttribute("uds.request.preview", preview)))
                    .toList();
            assertEquals(1, found.size(), () -> kind + " round " + round + "\n" + ReceivedSpan.describeAll(spans));
            return found.get(0);
        }
    }

    /** The agent jar's command line, run by the JDK 17 launcher. */
    static CommandResult agentCommand(int launcherJdk, String... args) {
        List<String> command = new java.util.ArrayList<>(
                List.of(Jdks.java(launcherJdk).toString(), "-jar", TracedJvm.AGENT_JAR.toString()));
        command.addAll(List.of(args));
        return ChildProcess.command(command).name("uds-agent-" + args[0]).run(WAIT);
    }

    private static Run run(int targetJdk) {
        return RUNS.computeIfAbsent(targetJdk, AttachIT::attachOnce);
    }

    private static Run attachOnce(int targetJdk) {
        Path socket = TracedJvm.socketDirectory().resolve("attach.sock");
        try (OtlpReceiver receiver = OtlpReceiver.start();
                ChildProcess target = startInteractive(targetJdk, receiver, socket)) {
            target.awaitOutput("connected", WAIT);
            round(target, 1);
            CommandResult list = agentCommand(17, "list");
            CommandResult attach = agentCommand(17, "attach", String.valueOf(target.pid()));
            target.awaitOutput("[uds-agent] tracing Unix domain sockets in pid " + target.pid() + " (attached)", WAIT);
            round(target, 2);
            CommandResult secondAttach = agentCommand(17, "attach", String.valueOf(target.pid()));
            target.awaitOutput("[uds-agent] already running in this JVM; ignoring the second load", WAIT);
            round(target, 3);
            target.stdin().close();
            assertEquals(0, target.waitFor(WAIT), target.output());
            receiver.awaitSpans(ReceivedSpan.named("UDS " + socket), 4, ARRIVAL);
            return new Run(socket, target.pid(), attach, secondAttach, list, target.stderr(), receiver.spans());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The target exports through the OTEL_* environment it was started with, as a real service would. */
    private static ChildProcess startInteractive(int jdk, OtlpReceiver receiver, Path socket) {
        // the connection closes right after the last round, sooner than `ss` answers in a freshly attached JVM:
        // exact ids for it need the sock_diag library, which JDK 24+ loads only with native access
        ChildJvm jvm =
                TracedJvm.withNativeAccess(jdk, TracedJvm.untraced(jdk, AttachTargetWorkload.class, socket.toString()));
        if (jdk >= 21) {
            jvm.jvmArgument("-XX:+EnableDynamicAgentLoading");
        }
        ChildProcess.Builder process = ChildProcess.command(jvm.commandLine()).name("attach-target-jdk" + jdk);
        System.getenv().keySet().stream()
                .filter(key ->
                        key.startsWith("OTEL_") || key.endsWith("JAVA_OPTIONS") || key.equals("JAVA_TOOL_OPTIONS"))
                .forEach(process::withoutEnv);
        return process.env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .startInteractive();
    }

    private static void round(ChildProcess target, int round) throws IOException {
        OutputStream stdin = target.stdin();
        stdin.write(("round " + round + "\n").getBytes(StandardCharsets.US_ASCII));
        stdin.flush();
        target.awaitOutput("round " + round + " done", WAIT);
    }

    @ParameterizedTest(name = "target JDK {0}")
    @ValueSource(ints = {17, 25})
    void tracesTheRoundsAfterTheAttachOnTheConnectionOpenedBefore(int targetJdk) {
        Run run = run(targetJdk);
        assertEquals(0, run.attach.exitCode(), run.attach.toString());
        assertTrue(run.attach.stdout().contains("uds-agent: attached to " + run.pid), run.attach.stdout());
        for (int round = 2; round <= 3; round++) {
            long requestBytes = AttachTargetWorkload.message(round).length;
            long responseBytes = AttachTargetWorkload.reply(round).length;
            String reply = Previews.of(AttachTargetWorkload.reply(round));
            ReceivedSpan client = run.only("CLIENT", round);
            ReceivedSpan server = run.only("SERVER", round);
            assertAll(
                    () -> assertEquals(
                            run.socket.toString(), client.stringAttribute("server.address"), client.describe()),
                    () -> assertEquals(
                            run.socket.toString(), server.stringAttribute("network.local.address"), server.describe()),
                    () -> assertEquals(requestBytes, client.longAttribute("uds.request.bytes")),
                    () -> assertEquals(responseBytes, client.longAttribute("uds.response.bytes")),
                    () -> assertEquals(requestBytes, server.longAttribute("uds.request.bytes")),
                    () -> assertEquals(responseBytes, server.longAttribute("uds.response.bytes")),
                    () -> assertEquals(reply, client.stringAttribute("uds.response.preview")),
                    () -> assertEquals(reply, server.stringAttribute("uds.response.preview")),
                    () -> assertEquals("AttachTargetWorkload", client.resourceAttribute("service.name")));
        }
        String roundOne = Previews.of(AttachTargetWorkload.message(1));
        assertFalse(
                run.spans.stream().anyMatch(s -> s.describe().contains(roundOne)), ReceivedSpan.describeAll(run.spans));
        assertFalse(run.targetStderr.contains(DYNAMIC_AGENT_WARNING), run.targetStderr);
    }

    /** Round 3 runs after a second attach, which must neither fail nor instrument the channels a second time. */
    @ParameterizedTest(name = "target JDK {0}")
    @ValueSource(ints = {17, 25})
    void ignoresASecondAttachAndKeepsOneSpanPerExchange(int targetJdk) {
        Run run = run(targetJdk);
        assertEquals(0, run.secondAttach.exitCode(), run.secondAttach.toString());
        assertEquals(
                1,
                run.targetStderr
                        .lines()
                        .filter(line -> line.contains("ignoring the second load"))
                        .count(),
                run.targetStderr);
        run.only("CLIENT", 3);
        run.only("SERVER", 3);
        assertFalse(run.targetStderr.contains("Sharing is only supported"), run.targetStderr);
    }

    /** The agent discovers both ends of this connection at their first call after the attach, not at connect. */
    @ParameterizedTest(name = "target JDK {0}")
    @ValueSource(ints = {17, 25})
    void givesBothEndsOfAConnectionFoundAfterTheAttachTheSameConnectionId(int targetJdk) {
        Run run = run(targetJdk);
        ReceivedSpan client = run.only("CLIENT", 2);
        ReceivedSpan server = run.only("SERVER", 2);
        long a = client.longAttribute("uds.socket.inode");
        long b = server.longAttribute("uds.socket.inode");
        String expected = Math.min(a, b) + "-" + Math.max(a, b);
        assertEquals(expected, client.stringAttribute("uds.connection.id"), client.describe());
        assertEquals(expected, server.stringAttribute("uds.connection.id"), server.describe());
    }

    @ParameterizedTest(name = "target JDK {0}")
    @ValueSource(ints = {17, 25})
    void listsTheRunningJvmByPidAndMainClass(int targetJdk) {
        Run run = run(targetJdk);
        assertEquals(0, run.list.exitCode(), run.list.toString());
        assertTrue(
                run.list
                        .stdout()
                        .lines()
                        .anyMatch(line ->
                                line.startsWith(run.pid + " ") && line.contains(AttachTargetWorkload.class.getName())),
                run.list.stdout());
    }

    @ParameterizedTest(name = "launcher JDK {0}")
    @ValueSource(ints = {17, 25})
    void refusesAProcessThatDoesNotExist(int launcherJdk) {
        CommandResult result = agentCommand(launcherJdk, "attach", "999999999");
        assertEquals(1, result.exitCode(), result.toString());
        assertEquals(
                "uds-agent: there is no process 999999999 (`list` shows the JVMs you may attach to)",
                result.stderr().strip(),
                result.stderr());
        assertEquals(1, result.stderr().lines().count(), result.stderr());
    }

    @ParameterizedTest(name = "launcher JDK {0}")
    @ValueSource(ints = {17, 25})
    void refusesAPidThatIsNotANumber(int launcherJdk) {
        CommandResult result = agentCommand(launcherJdk, "attach", "abc");
        assertEquals(2, result.exitCode(), result.toString());
        assertEquals("uds-agent: 'abc' is not a process id; see `java -jar uds-agent.jar help`\n", result.stderr());
    }

    @ParameterizedTest(name = "launcher JDK {0}")
    @ValueSource(ints = {17, 25})
    void refusesBadOptionsBeforeAttaching(int launcherJdk) {
        CommandResult result = agentCommand(
                launcherJdk, "attach", String.valueOf(ProcessHandle.current().pid()), "payload.bytes=abc");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.stderr().startsWith("uds-agent: option payload.bytes=abc is invalid"), result.stderr());
    }

    @ParameterizedTest(name = "launcher JDK {0}")
    @ValueSource(ints = {17, 25})
    void printsItsUsage(int launcherJdk) {
        CommandResult result = agentCommand(launcherJdk, "help");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.stdout().contains("java -jar uds-agent.jar attach <pid> [options]"), result.stdout());
        assertTrue(result.stdout().contains("payload.bytes=256"), result.stdout());
        assertEquals("", result.stderr());
    }
}
