package dev.udsotel.agent.it.workload;

import java.lang.reflect.Method;

/** Runs a server side and a client side concurrently, on platform or virtual threads, and rethrows their failures. */
final class Sides {
    interface Side {
        void run() throws Exception;
    }

    private final boolean virtual;

    Sides(boolean virtual) {
        this.virtual = virtual;
    }

    void run(Side server, Side client) throws Exception {
        Exception[] failures = new Exception[2];
        Thread serverThread = start(() -> call(checked(server), failures, 0), "server");
        Thread clientThread = start(() -> call(checked(client), failures, 1), "client");
        clientThread.join();
        serverThread.join();
        for (Exception e : failures) {
            if (e != null) {
                throw e;
            }
        }
    }

    private static void call(Side side, Exception[] failures, int index) {
        try {
            side.run();
        } catch (Exception e) {
            failures[index] = e;
        }
    }

    /** On the virtual path, a side first proves it really runs on a virtual thread. */
    private Side checked(Side side) {
        return virtual
                ? () -> {
                    requireVirtualThread();
                    side.run();
                }
                : side;
    }

    private static void requireVirtualThread() throws Exception {
        if (!(Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread())) {
            throw new IllegalStateException("expected to run on a virtual thread: " + Thread.currentThread());
        }
    }

    private Thread start(Runnable body, String name) throws Exception {
        if (!virtual) {
            Thread thread = new Thread(body, name);
            thread.start();
            return thread;
        }
        return startVirtual(body);
    }

    /** Starts {@code body} on a virtual thread (JDK 21+). */
    static Thread startVirtual(Runnable body) throws Exception {
        // Thread.ofVirtual().start(body), by reflection: the test sources compile for Java 17
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
        return (Thread) start.invoke(builder, body);
    }
}
