package dev.udsotel.agent.instrumentation.config;

/** A setting the agent cannot accept; its message is the one line printed to the user. */
public final class BadOptionException extends Exception {
    public BadOptionException(String message) {
        super(message, null, false, false);
    }
}
