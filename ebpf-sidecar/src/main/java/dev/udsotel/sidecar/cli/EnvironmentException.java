package dev.udsotel.sidecar.cli;

/** The host cannot run the capture (privileges, BTF, tracefs, kernel); the message says what to do. Exit code 1. */
public final class EnvironmentException extends Exception {
    public EnvironmentException(String message) {
        super(message);
    }
}
