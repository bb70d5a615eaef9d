package dev.udsotel.agent.instrumentation;

/** The agent's few messages go to standard error, each on one line that names the agent. */
public final class AgentLog {
    private AgentLog() {}

    public static void info(String message) {
        System.err.println("[uds-agent] " + message);
    }
}
