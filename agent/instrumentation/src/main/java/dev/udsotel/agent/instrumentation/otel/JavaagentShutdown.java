package dev.udsotel.agent.instrumentation.otel;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Puts the OpenTelemetry Java agent's exit after this agent's. That agent closes its SDK in a shutdown hook of its
 * own, and the JVM starts every shutdown hook at once: the spans this agent builds at exit (events still queued,
 * exchanges still open) would reach a closed SDK and be lost without a word. So once that agent's SDK is there, its
 * hook is taken out of the JVM's list ({@link #adopt}) and this agent's hook runs it after its own last spans
 * ({@link #runAdopted}). Where the JDK's hook list cannot be read, both run at once, as without this.
 */
public final class JavaagentShutdown {
    /** The SDK's autoconfiguration makes the hook from a lambda; built at run time, so the shading keeps the name. */
    private static final String HOOK_CLASS_PREFIX =
            String.join(".", "io", "opentelemetry", "sdk", "autoconfigure", "AutoConfiguredOpenTelemetrySdkBuilder")
                    + "$$Lambda";

    private Thread adopted;

    /** Takes that agent's hook over, once; false while there is none (not loaded, or not started yet). */
    public synchronized boolean adopt() {
        if (adopted == null) {
            try {
                Thread hook = registeredHook();
                if (hook != null && Runtime.getRuntime().removeShutdownHook(hook)) {
                    adopted = hook;
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // the JDK's internals are not as expected, or the JVM is already shutting down
            }
        }
        return adopted != null;
    }

    /** Runs the adopted hook, if any, on this thread: that agent's SDK exports what it holds and closes. */
    public void runAdopted() {
        Thread hook;
        synchronized (this) {
            hook = adopted;
            adopted = null;
        }
        if (hook != null) {
            hook.run();
        }
    }

    /** The OpenTelemetry SDK's hook among the application hooks the JVM holds, or null. */
    private static Thread registeredHook() throws ReflectiveOperationException {
        Class<?> hooks = Class.forName("java.lang.ApplicationShutdownHooks");
        Field field = hooks.getDeclaredField("hooks");
        field.setAccessible(true);
        List<Thread> registered = new ArrayList<>();
        synchronized (hooks) { // the lock of its static synchronized methods
            Map<?, ?> map = (Map<?, ?>) field.get(null);
            if (map == null) {
                return null; // shutting down
            }
            for (Object thread : map.keySet()) {
                registered.add((Thread) thread);
            }
        }
        for (Thread thread : registered) {
            Runnable task = taskOf(thread);
            if (task != null && task.getClass().getName().startsWith(HOOK_CLASS_PREFIX)) {
                return thread;
            }
        }
        return null;
    }

    /** What {@code thread} runs: its {@code target} before JDK 19, its {@code holder.task} since. */
    private static Runnable taskOf(Thread thread) throws ReflectiveOperationException {
        Field target;
        try {
            target = Thread.class.getDeclaredField("target");
        } catch (NoSuchFieldException e) {
            Field holder = Thread.class.getDeclaredField("holder");
            holder.setAccessible(true);
            Object fields = holder.get(thread);
            Field task = fields.getClass().getDeclaredField("task");
            task.setAccessible(true);
            return (Runnable) task.get(fields);
        }
        target.setAccessible(true);
        return (Runnable) target.get(thread);
    }
}
