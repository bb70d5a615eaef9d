package dev.udsotel.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.testing.ChildProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's demo script, run as a user would after the build (so it is an integration test, after package). */
class RunDemoIT {

    @Test
    void demoScriptRunsTheClientAgainstTheServerAndStopsIt() {
        Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();

        String output = ChildProcess.command(root.resolve("examples/run-demo").toString())
                .name("run-demo")
                .run(Examples.WAIT.multipliedBy(2))
                .assertSuccess()
                .stdout();

        assertTrue(output.contains("[server] http server listening on"), output);
        for (String request : new String[] {"GET /containers/json", "GET /version", "POST /echo", "GET /chunked"}) {
            assertTrue(output.contains("[client] " + request + " -> 200 OK"), output);
        }
        assertTrue(output.contains("==> done"), output);
    }
}
