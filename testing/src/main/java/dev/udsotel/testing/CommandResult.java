package dev.udsotel.testing;

/** How a finished child process ended, and everything it printed. */
public record CommandResult(String description, int exitCode, String stdout, String stderr) {

    /** Returns this result when the exit code is 0, else fails with the command and its output. */
    public CommandResult assertSuccess() {
        if (exitCode != 0) {
            throw new AssertionError(
                    description + " exited with " + exitCode + "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr);
        }
        return this;
    }
}
