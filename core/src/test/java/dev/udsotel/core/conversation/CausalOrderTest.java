package dev.udsotel.core.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.event.SocketType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CausalOrderTest {
    private static final long MS = 1_000_000L;
    private final Connection client =
            new Connection(1, "/run/x.sock", Role.CLIENT, SocketType.STREAM, new ProcessIdentity(1, "java", "t", null));

    @Test
    void aResponseHandedOverBeforeItsRequestIsPutBackAfterIt() {
        IoEvent request = IoEvent.data(client, EventKind.SEND, 10 * MS, 12 * MS, 4, new byte[0]);
        IoEvent response = IoEvent.data(client, EventKind.RECEIVE, 15 * MS, 15 * MS, 4, new byte[0]);
        CausalOrder order = new CausalOrder(5 * MS);
        List<IoEvent> out = new ArrayList<>();
        order.add(response);
        order.add(request);
        order.release(16 * MS, out::add);
        assertEquals(List.of(request), out, "the response is still inside the window");
        order.release(21 * MS, out::add);
        assertEquals(List.of(request, response), out);
    }

    @Test
    void eventsOfTheSameMomentKeepTheirArrivalOrder() {
        IoEvent first = IoEvent.lifecycle(client, EventKind.GAP, 5 * MS, 5 * MS, null);
        IoEvent second = IoEvent.data(client, EventKind.SEND, 5 * MS, 6 * MS, 1, new byte[0]);
        CausalOrder order = new CausalOrder(MS);
        List<IoEvent> out = new ArrayList<>();
        order.add(first);
        order.add(second);
        order.releaseAll(out::add);
        assertEquals(List.of(first, second), out);
    }
}
