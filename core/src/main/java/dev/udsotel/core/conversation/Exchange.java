package dev.udsotel.core.conversation;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.ParentContext;
import java.util.List;

/**
 * One request and its response on a conversation, or a one-way burst.
 * Times are CLOCK_MONOTONIC nanoseconds.
 *
 * @param startNanos when the first request byte began to move
 * @param firstResponseNanos when the first response byte arrived or left, or -1 for a burst
 * @param endNanos when the last byte of the exchange moved
 * @param messages how many calls carried bytes
 * @param parent the application's span current when the exchange began, or null
 * @param sequence n &ge; 1 when the exchange opened the n-th request turn of its connection, counted the same way at
 *     both ends (see {@code ExchangeIdentity}); {@link #UNNUMBERED} when the number is not known for sure, and for
 *     what is not a turn's beginning (a response-only burst, the rest of a turn split by the idle gap)
 * @param passedFds descriptors passed with SCM_RIGHTS by all of the exchange's messages
 * @param passedAlong the messages that carried descriptors or credentials, the first
 *     {@link PassedAlong#MAX_PER_EXCHANGE}
 */
public record Exchange(
        Connection connection,
        long startNanos,
        long firstResponseNanos,
        long endNanos,
        Captured request,
        Captured response,
        int messages,
        ParentContext parent,
        long sequence,
        long passedFds,
        List<PassedAlong> passedAlong) {

    public static final long UNNUMBERED = -1;

    public Exchange(
            Connection connection,
            long startNanos,
            long firstResponseNanos,
            long endNanos,
            Captured request,
            Captured response,
            int messages,
            ParentContext parent) {
        this(connection, startNanos, firstResponseNanos, endNanos, request, response, messages, parent, UNNUMBERED);
    }

    /** An exchange whose messages carried no descriptors or credentials. */
    public Exchange(
            Connection connection,
            long startNanos,
            long firstResponseNanos,
            long endNanos,
            Captured request,
            Captured response,
            int messages,
            ParentContext parent,
            long sequence) {
        this(
                connection,
                startNanos,
                firstResponseNanos,
                endNanos,
                request,
                response,
                messages,
                parent,
                sequence,
                0,
                List.of());
    }

    public Exchange {
        passedAlong = List.copyOf(passedAlong);
    }

    /** True for one-way traffic: nothing came back, or nothing had been asked. */
    public boolean isBurst() {
        return request.isEmpty() || response.isEmpty();
    }
}
