package dev.udsotel.agent.launcher;

import java.lang.instrument.Instrumentation;

/** The jar's entry points. premain and agentmain start the agent; main is the attach command. */
public final class AgentEntry {
    private AgentEntry() {}

    /** {@code java -javaagent:uds-agent.jar[=options]}. */
    public static void premain(String options, Instrumentation instrumentation) {
        AgentStarter.start(options, instrumentation, false);
    }

    /** Loaded into a running JVM by {@code java -jar uds-agent.jar attach <pid>}. */
    public static void agentmain(String options, Instrumentation instrumentation) {
        AgentStarter.start(options, instrumentation, true);
    }

    /** {@code java -jar uds-agent.jar list|attach <pid> [options]|help}. */
    public static void main(String[] args) {
        System.exit(new AttachCommand(System.out, System.err).run(args));
    }
}
