package dev.udsotel.sidecar.capture;

import static dev.udsotel.sidecar.capture.UdsEventLayout.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.process.ProcessIdentities;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records as the probe produces them for a client and a server that were already connected before capture began. */
class ConnectionTableTest {
    private static final int CLIENT_PID = 100;
    private static final int SERVER_PID = 200;
    private static final long CLIENT_INODE = 5000;
    private static final long SERVER_INODE = 5001;

    @TempDir
    Path dir;

    private IoEventConverter converter() throws Exception {
        Path procNetUnix = dir.resolve("unix");
        Files.writeString(procNetUnix, """
                Num       RefCount Protocol Flags    Type St Inode Path
                0000000000000000: 00000002 00000000 00010000 0001 01 4000 /run/app.sock
                """);
        return new IoEventConverter(new ConnectionTable(new ProcessIdentities(dir), new ListeningSockets(procNetUnix)));
    }

    @Test
    void learnsTheClientsPeerInodeFromTheServersSide() throws Exception {
        IoEventConverter converter = converter();
        // the client wrote before the server accepted, so its record has no peer inode
        Connection client = converter
                .convert(send(CLIENT_PID, CLIENT_INODE, 0, "", "/run/app.sock"))
                .getFirst()
                .connection();
        assertEquals(Role.CLIENT, client.role());
        assertEquals(Long.toString(CLIENT_INODE), client.connectionId());

        Connection server = converter
                .convert(receive(SERVER_PID, SERVER_INODE, CLIENT_INODE, "/run/app.sock", ""))
                .getFirst()
                .connection();
        assertEquals(Role.SERVER, server.role());
        assertEquals("/run/app.sock", server.socketPath());
        assertEquals(CLIENT_INODE + "-" + SERVER_INODE, server.connectionId());
        assertEquals(server.connectionId(), client.connectionId(), "filled in from the server's record");
    }

    @Test
    void infersTheServerOfTwoBoundEndsFromTheListeningPath() throws Exception {
        IoEventConverter converter = converter();
        Connection server = converter
                .convert(send(SERVER_PID, SERVER_INODE, CLIENT_INODE, "/run/app.sock", "/tmp/client.sock"))
                .getFirst()
                .connection();
        Connection client = converter
                .convert(send(CLIENT_PID, CLIENT_INODE, SERVER_INODE, "/tmp/client.sock", "/run/app.sock"))
                .getFirst()
                .connection();
        assertEquals(Role.SERVER, server.role());
        assertEquals(Role.CLIENT, client.role());
        assertEquals("/run/app.sock", client.socketPath());
    }

    @Test
    void keepsOneConnectionPerProcessAndSocketUntilItIsClosed() throws Exception {
        IoEventConverter converter = converter();
        Connection first = converter
                .convert(send(CLIENT_PID, CLIENT_INODE, SERVER_INODE, "", ""))
                .getFirst()
                .connection();
        Connection again = converter
                .convert(send(CLIENT_PID, CLIENT_INODE, SERVER_INODE, "", ""))
                .getFirst()
                .connection();
        assertSame(first, again);
        assertEquals(Role.PEER, first.role());

        List<IoEvent> close = converter.convert(event(UDS_EV_CLOSE, CLIENT_PID, CLIENT_INODE, SERVER_INODE, "", "", 0));
        assertEquals(EventKind.CLOSE, close.getFirst().kind());
        Connection reopened = converter
                .convert(send(CLIENT_PID, CLIENT_INODE, SERVER_INODE, "", ""))
                .getFirst()
                .connection();
        assertTrue(reopened != first, "a closed socket's inode starts a new connection");
        assertTrue(
                converter
                        .convert(event(UDS_EV_CLOSE, 300, 9999, 0, "/run/app.sock", "", 0))
                        .isEmpty(),
                "closing a socket never used in that process (an inherited listener) is no event");
    }

    @Test
    void forgetsSocketsOfProcessesThatExitedWithoutClosingThem() throws Exception {
        Path procNetUnix = Files.writeString(dir.resolve("unix"), "");
        ConnectionTable table = new ConnectionTable(new ProcessIdentities(dir), new ListeningSockets(procNetUnix));
        int gonePid = Integer.MAX_VALUE; // above pid_max: never a live process
        for (int i = 0; i < 5000; i++) {
            table.connectionFor(send(gonePid, 100_000 + i, 0, "", ""));
        }
        table.connectionFor(send((int) ProcessHandle.current().pid(), 42, 0, "", ""));
        assertTrue(table.size() < 5000, table.size() + " connections still held");
    }

    private static UdsEvent send(int pid, long inode, long peer, String path, String peerPath) {
        return event(UDS_EV_SEND, pid, inode, peer, path, peerPath, 4);
    }

    private static UdsEvent receive(int pid, long inode, long peer, String path, String peerPath) {
        return event(UDS_EV_RECV, pid, inode, peer, path, peerPath, 4);
    }

    private static UdsEvent event(int kind, int pid, long inode, long peer, String path, String peerPath, long ret) {
        byte[] payload = ret > 0 ? "ping".getBytes() : new byte[0];
        return new UdsEvent(
                1,
                2,
                ret,
                inode,
                peer,
                pid,
                pid,
                0,
                0,
                3,
                kind,
                kind == UDS_EV_SEND ? UDS_SYS_WRITE : UDS_SYS_READ,
                0,
                UDS_SOCK_STREAM,
                0,
                0,
                0,
                -1,
                -1,
                "app",
                path,
                peerPath,
                payload,
                dev.udsotel.core.event.Ancillary.NONE,
                dev.udsotel.core.event.Pieces.NONE);
    }
}
