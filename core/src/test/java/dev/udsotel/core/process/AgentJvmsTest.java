package dev.udsotel.core.process;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentJvmsTest {
    @TempDir
    Path proc;

    private void thread(long pid, long tid, String comm) throws Exception {
        Path task = Files.createDirectories(proc.resolve(pid + "/task/" + tid));
        Files.writeString(task.resolve("comm"), comm + "\n");
    }

    @Test
    void aJvmWithTheAgentsExportThreadRunsTheAgent() throws Exception {
        thread(10, 10, "java");
        thread(10, 11, "uds-agent-expor");
        thread(20, 20, "java");
        thread(20, 21, "C2 CompilerThre");
        AgentJvms jvms = new AgentJvms(proc);
        assertTrue(jvms.runsAgent(10, "java", 0));
        assertFalse(jvms.runsAgent(20, "java", 0));
        assertFalse(jvms.runsAgent(10, "redis-server", 0), "only JVMs run the agent");
    }

    @Test
    void anAgentAttachedLaterIsNoticedOnTheNextLook() throws Exception {
        thread(30, 30, "java");
        AgentJvms jvms = new AgentJvms(proc);
        assertFalse(jvms.runsAgent(30, "java", 0));
        thread(30, 31, "uds-agent-expor");
        assertFalse(jvms.runsAgent(30, "java", 1_000_000_000L), "cached for a moment");
        assertTrue(jvms.runsAgent(30, "java", 3_000_000_000L));
    }

    @Test
    void aJvmThatHasExitedKeepsItsLastAnswer() throws Exception {
        thread(40, 40, "java");
        thread(40, 41, "uds-agent-expor");
        AgentJvms jvms = new AgentJvms(proc);
        assertTrue(jvms.runsAgent(40, "java", 0));
        try (var files = Files.walk(proc.resolve("40"))) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
        assertTrue(jvms.runsAgent(40, "java", 10_000_000_000L), "its last events are still the agent's");
    }
}
