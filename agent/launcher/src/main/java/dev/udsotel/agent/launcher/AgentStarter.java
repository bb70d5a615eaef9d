package dev.udsotel.agent.launcher;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;

/** Defines the classes advice calls in java.base and starts the instrumentation inside its own class loader. */
final class AgentStarter {
    private static final String BOOT_CLASSES = "dev.udsotel.agent.instrumentation.channel.BootClasses";
    private static final String INSTALLER = "dev.udsotel.agent.instrumentation.AgentInstaller";

    private AgentStarter() {}

    static void start(String options, Instrumentation instrumentation, boolean attached) {
        try {
            AgentJars jars = AgentJars.unpack();
            ClassLoader agentLoader = new URLClassLoader(
                    "uds-agent",
                    new URL[] {jars.instrumentation().toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            boolean running = (Boolean) Class.forName(BOOT_CLASSES, true, agentLoader)
                    .getMethod("defineUnlessRunning", Instrumentation.class, Map.class)
                    .invoke(null, instrumentation, jars.bootClasses());
            if (running) {
                System.err.println("[uds-agent] already running in this JVM; ignoring the second load");
                return;
            }
            Class<?> installer = Class.forName(INSTALLER, true, agentLoader);
            installer
                    .getMethod("install", Instrumentation.class, String.class, boolean.class, Path.class, String.class)
                    .invoke(null, instrumentation, options, attached, jars.classCache(), jars.build());
        } catch (InvocationTargetException e) {
            report(e.getCause());
        } catch (Throwable t) {
            report(t);
        }
    }

    private static void report(Throwable t) {
        System.err.println(
                "[uds-agent] could not start (" + t + "). The agent is disabled; the application runs without it.");
    }
}
