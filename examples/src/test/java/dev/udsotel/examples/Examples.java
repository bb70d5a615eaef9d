package dev.udsotel.examples;

import dev.udsotel.testing.ChildJvm;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.CommandResult;
import java.time.Duration;

/** Starts the examples as real JVMs on JDK 17, the oldest release they promise to run on. */
public final class Examples {

    /** Long enough for a cold JVM on a busy two-core machine; a working example answers in well under a second. */
    public static final Duration WAIT = Duration.ofSeconds(60);

    private Examples() {}

    /** Starts a server example and returns once it printed that it is listening. */
    public static ChildProcess startServer(Class<?> mainClass, String... args) {
        ChildProcess server = jvm(mainClass, args).start();
        server.awaitOutput("listening on", WAIT);
        return server;
    }

    /** Runs a client example to completion and checks it succeeded. */
    public static CommandResult runClient(Class<?> mainClass, String... args) {
        return jvm(mainClass, args).run(WAIT).assertSuccess();
    }

    private static ChildJvm jvm(Class<?> mainClass, String... args) {
        return ChildJvm.on(17)
                .name(mainClass.getSimpleName())
                .systemProperty("slf4j.internal.verbosity", "ERROR")
                .mainClass(mainClass.getName(), args);
    }
}
