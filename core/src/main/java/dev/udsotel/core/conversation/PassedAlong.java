package dev.udsotel.core.conversation;

import dev.udsotel.core.event.Ancillary;
import dev.udsotel.core.event.EventKind;

/**
 * Descriptors or credentials that one message of an exchange carried.
 *
 * @param atNanos CLOCK_MONOTONIC nanoseconds when the message's call returned
 * @param kind SEND or RECEIVE, as seen from the exchange's end
 */
public record PassedAlong(long atNanos, EventKind kind, Ancillary ancillary) {
    /** Messages with ancillary data kept per exchange; the descriptors of the rest are still counted. */
    public static final int MAX_PER_EXCHANGE = 8;
}
