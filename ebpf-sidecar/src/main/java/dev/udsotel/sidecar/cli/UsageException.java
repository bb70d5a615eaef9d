package dev.udsotel.sidecar.cli;

/** A command line that cannot be run; the message names the flag and what it accepts. Exit code 2. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
