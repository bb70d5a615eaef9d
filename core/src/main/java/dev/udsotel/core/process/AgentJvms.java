package dev.udsotel.core.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Recognises JVMs that run the uds-otel agent, whether started with {@code -javaagent} or attached later: the agent's
 * export thread is named {@code uds-agent-export}, which Linux shows, cut to 15 characters, in
 * /proc/&lt;pid&gt;/task/&lt;tid&gt;/comm. Those files are readable by anyone, so no privilege beyond the sidecar's is
 * needed. Answers are cached per pid for a few seconds, so an agent attached later, or a reused pid, is noticed; a
 * process that has exited keeps its last answer, since its last events may still be on their way.
 */
public final class AgentJvms {
    /** What the kernel keeps of the agent's export thread's name (TASK_COMM_LEN is 16 with the terminating zero). */
    static final String EXPORT_THREAD_COMM = "uds-agent-expor";

    private static final long RECHECK_NANOS = 2_000_000_000L;
    private static final int MAX_CACHED = 4096;

    private record Verdict(boolean runsAgent, long checkedNanos) {}

    private final Path proc;
    private final Map<Long, Verdict> cache = new LeastRecentlyUsed<>(MAX_CACHED);

    public AgentJvms() {
        this(Path.of("/proc"));
    }

    public AgentJvms(Path proc) {
        this.proc = proc;
    }

    /** Whether the process runs the agent; {@code executableName} spares the look for anything that is not a JVM. */
    public boolean runsAgent(long pid, String executableName, long nowNanos) {
        if (!executableName.startsWith("java")) {
            return false;
        }
        Verdict cached = cache.get(pid);
        if (cached == null || nowNanos - cached.checkedNanos > RECHECK_NANOS && Files.isDirectory(taskDirectory(pid))) {
            cached = new Verdict(hasExportThread(pid), nowNanos);
            cache.put(pid, cached);
        }
        return cached.runsAgent;
    }

    private Path taskDirectory(long pid) {
        return proc.resolve(Long.toString(pid)).resolve("task");
    }

    private boolean hasExportThread(long pid) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(taskDirectory(pid))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm"), StandardCharsets.UTF_8)
                            .strip()
                            .equals(EXPORT_THREAD_COMM)) {
                        return true;
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | SecurityException e) {
            // the process is gone: nothing more of it will be exported
        }
        return false;
    }
}
