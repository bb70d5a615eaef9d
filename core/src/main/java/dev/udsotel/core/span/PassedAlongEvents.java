package dev.udsotel.core.span;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import dev.udsotel.core.conversation.PassedAlong;
import dev.udsotel.core.event.Ancillary;
import dev.udsotel.core.event.Credentials;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.PassedDescriptor;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;

/**
 * Descriptors and credentials an exchange's messages carried, as span events at the time each message moved: one
 * {@code uds.fd_passed} per described descriptor, one {@code uds.credentials_passed} per SCM_CREDENTIALS.
 */
final class PassedAlongEvents {
    static final String FD_PASSED = "uds.fd_passed";
    static final String CREDENTIALS_PASSED = "uds.credentials_passed";

    /** OpenTelemetry's name for the direction bytes moved in: {@code transmit} or {@code receive}. */
    static final AttributeKey<String> IO_DIRECTION = AttributeKey.stringKey("network.io.direction");

    static final AttributeKey<Long> FD_INDEX = AttributeKey.longKey("uds.fd.index");
    static final AttributeKey<Long> FD_COUNT = AttributeKey.longKey("uds.fd.count");
    static final AttributeKey<String> FD_TYPE = AttributeKey.stringKey("uds.fd.type");
    static final AttributeKey<Long> FD_INODE = AttributeKey.longKey("uds.fd.inode");
    static final AttributeKey<String> FD_NAME = AttributeKey.stringKey("uds.fd.name");
    static final AttributeKey<String> FD_SOCKET_FAMILY = AttributeKey.stringKey("uds.fd.socket.family");
    static final AttributeKey<String> FD_SOCKET_TYPE = AttributeKey.stringKey("uds.fd.socket.type");
    static final AttributeKey<Long> CREDENTIALS_PID = AttributeKey.longKey("uds.credentials.pid");
    static final AttributeKey<Long> CREDENTIALS_UID = AttributeKey.longKey("uds.credentials.uid");
    static final AttributeKey<Long> CREDENTIALS_GID = AttributeKey.longKey("uds.credentials.gid");

    private PassedAlongEvents() {}

    static void add(Span span, Iterable<PassedAlong> messages, MonotonicClock clock) {
        for (PassedAlong message : messages) {
            long at = clock.toEpochNanos(message.atNanos());
            String direction = message.kind() == EventKind.SEND ? "transmit" : "receive";
            Ancillary a = message.ancillary();
            for (int i = 0; i < a.described().size(); i++) {
                span.addEvent(
                        FD_PASSED, descriptor(a.described().get(i), i, a.passedFds(), direction), at, NANOSECONDS);
            }
            if (a.credentials() != null) {
                span.addEvent(CREDENTIALS_PASSED, credentials(a.credentials(), direction), at, NANOSECONDS);
            }
        }
    }

    private static Attributes descriptor(PassedDescriptor d, int index, int count, String direction) {
        AttributesBuilder b = Attributes.builder()
                .put(IO_DIRECTION, direction)
                .put(FD_INDEX, index)
                .put(FD_COUNT, count)
                .put(FD_TYPE, d.type().label())
                .put(FD_INODE, d.inode());
        if (!d.name().isEmpty()) {
            b.put(FD_NAME, d.name());
        }
        if (d.type() == PassedDescriptor.Type.SOCKET) {
            b.put(FD_SOCKET_FAMILY, d.socketFamily()).put(FD_SOCKET_TYPE, d.socketType());
        }
        return b.build();
    }

    private static Attributes credentials(Credentials c, String direction) {
        return Attributes.of(
                IO_DIRECTION,
                direction,
                CREDENTIALS_PID,
                (long) c.pid(),
                CREDENTIALS_UID,
                Integer.toUnsignedLong(c.uid()),
                CREDENTIALS_GID,
                Integer.toUnsignedLong(c.gid()));
    }
}
