package dev.udsotel.sidecar.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.event.SocketType;
import dev.udsotel.core.protocol.ConnectionRedactor.Outcome;
import dev.udsotel.core.redaction.Redaction;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadRedactionTest {
    private static final ProcessIdentity CLIENT = new ProcessIdentity(41, "client", "client", null);

    private static TracedEvent send(Connection c, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return new TracedEvent(IoEvent.data(c, EventKind.SEND, 1, 2, bytes.length, bytes), "client", 3, 0);
    }

    private static Connection connection(int id) {
        return new Connection(id, "/run/app.sock", Role.CLIENT, SocketType.STREAM, CLIENT);
    }

    @Test
    void overwritesSecretsInACopyAndLeavesCleanEventsAlone() {
        PayloadRedaction redaction = new PayloadRedaction(Redaction.DEFAULT);
        Connection c = connection(1);
        TracedEvent secret = send(c, "GET / HTTP/1.1\r\nAuthorization: Bearer abc\r\n\r\n");
        TracedEvent shown = redaction.apply(secret);
        assertEquals(Outcome.REDACTED, shown.payload());
        assertEquals(
                "GET / HTTP/1.1\r\nAuthorization: **********\r\n\r\n",
                new String(shown.io().payload(), StandardCharsets.ISO_8859_1));
        assertEquals(
                "Bearer abc",
                new String(secret.io().payload(), StandardCharsets.ISO_8859_1).substring(31, 41),
                "the spans still get the event as captured");
        TracedEvent clean = send(c, "GET /next HTTP/1.1\r\n\r\n");
        assertSame(clean, redaction.apply(clean));
    }

    @Test
    void withholdsBinaryAsZerosOfTheSameLength() {
        PayloadRedaction redaction = new PayloadRedaction(Redaction.DEFAULT);
        TracedEvent binary = send(connection(2), "\u0000\u0001\u0002binary-frame-with-a-secret\u0000");
        TracedEvent shown = redaction.apply(binary);
        assertEquals(Outcome.WITHHELD, shown.payload());
        assertArrayEquals(new byte[binary.io().payload().length], shown.io().payload());
    }

    @Test
    void forgetsAConnectionEndWhenItClosesAndKeepsAtMostABoundedNumber() {
        PayloadRedaction redaction = new PayloadRedaction(Redaction.DEFAULT);
        Connection c = connection(3);
        redaction.apply(send(c, "GET / HTTP/1.1\r\n\r\n"));
        assertEquals(1, redaction.size());
        redaction.apply(new TracedEvent(IoEvent.lifecycle(c, EventKind.CLOSE, 3, 4, null), "client", 3, 0));
        assertEquals(0, redaction.size());
        for (int i = 0; i < PayloadRedaction.MOST_ENDS + 100; i++) {
            redaction.apply(send(connection(100 + i), "GET / HTTP/1.1\r\n\r\n"));
        }
        assertEquals(PayloadRedaction.MOST_ENDS, redaction.size());
    }
}
