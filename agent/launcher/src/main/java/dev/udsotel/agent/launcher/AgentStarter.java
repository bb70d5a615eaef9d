package dev.udsotel.agent.launcher;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.jar.JarFile;

/** Puts the bootstrap jar on the boot class path and starts the instrumentation inside its own class loader. */
final class AgentStarter {
    private static final String RECORDER = "dev.udsotel.agent.bootstrap.Recorder";
    private static final String INSTALLER = "dev.udsotel.agent.instrumentation.AgentInstaller";

    private AgentStarter() {}

    static void start(String options, Instrumentation instrumentation, boolean attached) {
        try {
            AgentJars jars = AgentJars.unpack();
            instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jars.bootstrap().toFile()));
            if (alreadyRunning()) {
                System.err.println("[uds-agent] already running in this JVM; ignoring the second load");
                return;
            }
            ClassLoader agentLoader = new URLClassLoader("uds-agent", new URL[] {jars.instrumentation().toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Class<?> installer = Class.forName(INSTALLER, true, agentLoader);
            installer.getMethod("install", Instrumentation.class, String.class, boolean.class)
                    .invoke(null, instrumentation, options, attached);
        } catch (InvocationTargetException e) {
            report(e.getCause());
        } catch (Throwable t) {
            report(t);
        }
    }

    private static boolean alreadyRunning() throws ReflectiveOperationException {
        return Class.forName(RECORDER, true, null).getField("observer").get(null) != null;
    }

    private static void report(Throwable t) {
        System.err.println("[uds-agent] could not start (" + t + "). The agent is disabled; the application runs without it.");
    }
}
