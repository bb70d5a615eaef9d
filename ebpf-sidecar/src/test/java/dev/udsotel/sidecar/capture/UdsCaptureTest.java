package dev.udsotel.sidecar.capture;

import static java.net.StandardProtocolFamily.UNIX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.core.event.Connection;
import dev.udsotel.core.event.EventKind;
import dev.udsotel.core.event.IoEvent;
import dev.udsotel.core.event.Role;
import dev.udsotel.core.event.SocketType;
import dev.udsotel.sidecar.bpf.BpfEnvironment;
import dev.udsotel.sidecar.cli.TestCgroup;
import dev.udsotel.testing.ChildProcess;
import dev.udsotel.testing.Prerequisite;
import dev.udsotel.testing.SystemPython;
import java.io.ByteArrayOutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Traces real socat and python3 processes through the loaded eBPF probe. */
class UdsCaptureTest {
    private static UdsCapture capture;
    private static Recorder recorder;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCapture() {
        var unavailable = BpfEnvironment.unavailableReason();
        Prerequisite.requireNoReason(unavailable, "eBPF capture");
        // a shared, busy host: the neighbours' benchmarks can fill any ring buffer, so this JVM and the programs it
        // starts move into a cgroup of their own and the kernel side filters on it (host-wide where that fails)
        TestCgroup.enter();
        CaptureConfig config = CaptureConfig.defaults().withRingBufferBytes(64 * 1024 * 1024);
        if (TestCgroup.directory().isPresent()) {
            try {
                config = config.withCgroup(TestCgroup.directory().get());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        capture = UdsCapture.start(config);
        recorder = new Recorder(capture);
    }

    @AfterAll
    static void stopCapture() {
        if (capture != null) {
            capture.close();
        }
        TestCgroup.leave();
    }

    @Test
    void capturesBothDirectionsOfASocatEchoOnBothEndsOfOnePathConnection() throws Exception {
        Prerequisite.requireCommands("socat");
        String path = dir.resolve("echo.sock").toString();
        String message = "ping-" + UUID.randomUUID() + "\n";
        try (RealProcesses processes = new RealProcesses()) {
            ChildProcess server = processes.socatEchoServer("UNIX-LISTEN:" + path);
            RealProcesses.awaitListening(path);
            RealProcesses.Finished client = processes.socatClient("UNIX-CONNECT:" + path, message);
            assertEquals(message, client.output(), client.errors());

            recorder.awaitUntil(
                    "the echo arriving back at the client and leaving the server",
                    seen -> has(
                                    seen,
                                    c -> c.raw().pid() == client.pid()
                                            && c.raw().isReceive()
                                            && payload(c).equals(message))
                            && has(
                                    seen,
                                    c -> c.raw().pid() != client.pid()
                                            && c.raw().isSend()
                                            && path.equals(c.raw().path())
                                            && payload(c).equals(message)));

            List<IoEvent> clientEvents = recorder.ioEventsOfPid(client.pid()).toList();
            Connection clientEnd = only(clientEvents, EventKind.SEND).connection();
            assertEquals(Role.CLIENT, clientEnd.role());
            assertEquals(path, clientEnd.socketPath());
            assertEquals(SocketType.STREAM, clientEnd.type());
            assertEquals(client.pid(), clientEnd.process().pid());
            assertEquals("socat", clientEnd.process().executableName());
            assertEquals(server.pid(), clientEnd.peerPid(), "the listener's pid, as SO_PEERCRED would say");
            int uid = (int) java.nio.file.Files.getAttribute(Path.of("/proc/" + server.pid()), "unix:uid");
            assertEquals(uid, clientEnd.peerUid(), "the listener's uid, as SO_PEERCRED would say");
            assertEquals(message, text(clientEvents, EventKind.SEND));
            assertEquals(message, text(clientEvents, EventKind.RECEIVE));
            assertEquals(message.length(), sumBytes(clientEvents, EventKind.SEND));
            assertTrue(clientEvents.stream().anyMatch(e -> e.kind() == EventKind.CONNECT && e.error() == null));

            IoEvent serverReceive = recorder.all().stream()
                    .filter(c -> c.raw().pid() != client.pid()
                            && c.raw().isReceive()
                            && path.equals(c.raw().path()))
                    .flatMap(c -> c.events().stream())
                    .findFirst()
                    .orElseThrow();
            Connection serverEnd = serverReceive.connection();
            assertEquals(Role.SERVER, serverEnd.role());
            assertEquals(path, serverEnd.socketPath());
            assertEquals(client.pid(), serverEnd.peerPid());
            assertEquals(message, new String(serverReceive.payload(), StandardCharsets.UTF_8));
            assertTrue(clientEnd.connectionId().contains("-"), clientEnd.connectionId());
            assertEquals(clientEnd.connectionId(), serverEnd.connectionId());
            assertTrue(serverReceive.startNanos() <= serverReceive.endNanos());
        }
    }

    @Test
    void namesAbstractSocketsWithAnAtSign() throws Exception {
        Prerequisite.requireCommands("socat");
        String name = "uds-otel-test-" + UUID.randomUUID();
        String message = "abstract-" + UUID.randomUUID() + "\n";
        try (RealProcesses processes = new RealProcesses()) {
            processes.socatEchoServer("ABSTRACT-LISTEN:" + name);
            RealProcesses.awaitListening("@" + name);
            RealProcesses.Finished client = processes.socatClient("ABSTRACT-CONNECT:" + name, message);
            assertEquals(message, client.output(), client.errors());

            recorder.awaitUntil(
                    "the client's exchange on @" + name,
                    seen -> has(
                            seen,
                            c -> c.raw().pid() == client.pid()
                                    && c.raw().isReceive()
                                    && payload(c).equals(message)));

            List<IoEvent> clientEvents = recorder.ioEventsOfPid(client.pid()).toList();
            Connection clientEnd = only(clientEvents, EventKind.RECEIVE).connection();
            assertEquals("@" + name, clientEnd.socketPath());
            assertEquals(Role.CLIENT, clientEnd.role());
            assertTrue(recorder.all().stream()
                    .anyMatch(c -> c.raw().pid() != client.pid()
                            && c.raw().isReceive()
                            && c.raw().path().equals("@" + name)
                            && payload(c).equals(message)));
        }
    }

    private static final String PYTHON_PEERS = """
            import array, os, socket, struct, sys
            tag = sys.argv[1].encode()
            a, b = socket.socketpair()
            a.sendall(b'pair-' + tag); b.recv(100)
            s1, s2 = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
            s1.sendmsg([b'seq-', tag], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array('i', [0, 1, 2]))])
            s2.recvmsg(100, 100)
            creds = struct.pack('iII', os.getpid(), os.getuid(), os.getgid())
            s1.sendmsg([b'cred-' + tag], [(socket.SOL_SOCKET, socket.SCM_CREDENTIALS, creds)]); s2.recv(100)
            d = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); d.bind('\\0' + sys.argv[2])
            e = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); e.bind('\\0' + sys.argv[2] + '-src')
            e.sendto(b'dgram-' + tag, '\\0' + sys.argv[2]); d.recvfrom(100)
            print('done')
            """;

    @Test
    void capturesSocketpairSeqpacketAndDatagramTrafficOfAPythonProcess() throws Exception {
        Prerequisite.requireCommands(SystemPython.PATH);
        String tag = UUID.randomUUID().toString();
        String dgramName = "uds-otel-dgram-" + tag;
        try (RealProcesses processes = new RealProcesses()) {
            RealProcesses.Finished python = processes.python(PYTHON_PEERS, tag, dgramName);
            assertEquals("done\n", python.output(), python.errors());

            recorder.awaitUntil(
                    "python's datagram being received",
                    seen -> has(
                            seen,
                            c -> c.raw().pid() == python.pid()
                                    && c.raw().isReceive()
                                    && payload(c).equals("dgram-" + tag)));
            List<Recorder.Captured> events = recorder.ofPid(python.pid());

            Recorder.Captured pairSend =
                    find(events, c -> c.raw().isSend() && payload(c).equals("pair-" + tag));
            Recorder.Captured pairReceive =
                    find(events, c -> c.raw().isReceive() && payload(c).equals("pair-" + tag));
            Connection sender = pairSend.events().getFirst().connection();
            Connection receiver = pairReceive.events().getFirst().connection();
            assertEquals(Role.PEER, sender.role());
            assertEquals(SocketType.STREAM, sender.type());
            assertNotEquals(sender.inode(), receiver.inode());
            assertEquals(sender.connectionId(), receiver.connectionId());
            assertEquals(
                    Math.min(sender.inode(), receiver.inode()) + "-" + Math.max(sender.inode(), receiver.inode()),
                    sender.connectionId());

            Recorder.Captured seqSend =
                    find(events, c -> c.raw().isSend() && payload(c).equals("seq-" + tag));
            assertEquals("sendmsg", seqSend.raw().syscallName(), "two iovecs copied into one payload");
            assertEquals(3, seqSend.raw().scmRightsFds());
            assertEquals(
                    SocketType.SEQPACKET,
                    seqSend.events().getFirst().connection().type());
            Recorder.Captured seqReceive =
                    find(events, c -> c.raw().isReceive() && payload(c).equals("seq-" + tag));
            assertEquals(3, seqReceive.raw().scmRightsFds());
            assertEquals(("seq-" + tag).length(), seqReceive.events().getFirst().byteCount());

            Recorder.Captured credSend =
                    find(events, c -> c.raw().isSend() && payload(c).equals("cred-" + tag));
            assertTrue(credSend.raw().carriesCredentials(), "SCM_CREDENTIALS seen in the control data");
            assertFalse(seqSend.raw().carriesCredentials());

            Recorder.Captured dgramSend =
                    find(events, c -> c.raw().isSend() && payload(c).equals("dgram-" + tag));
            assertEquals("sendto", dgramSend.raw().syscallName());
            Connection dgramSender = dgramSend.events().getFirst().connection();
            assertEquals(SocketType.DGRAM, dgramSender.type());
            assertEquals(Role.CLIENT, dgramSender.role(), "it first sent to a named address: it asks, like a client");
            assertEquals("@" + dgramName, dgramSender.socketPath(), "an unconnected datagram's destination");
            Recorder.Captured dgramReceive =
                    find(events, c -> c.raw().isReceive() && payload(c).equals("dgram-" + tag));
            assertEquals(
                    "@" + dgramName,
                    dgramReceive.events().getFirst().connection().socketPath());
            assertEquals(
                    "@" + dgramName + "-src", dgramReceive.raw().peerPath(), "the sender's address, from recvfrom");
        }
    }

    /** TCP loopback and a pipe first, then one message over a Unix socketpair, all in one thread. */
    private static final String PYTHON_TCP_PIPE_THEN_UNIX = """
            import os, socket, sys
            tag = sys.argv[1]
            server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            server.bind(('127.0.0.1', 0)); server.listen(1)
            client = socket.create_connection(server.getsockname())
            accepted, _ = server.accept()
            client.sendall(('tcp-' + tag).encode()); accepted.recv(100)
            os.write(client.fileno(), ('tcpwrite-' + tag).encode()); os.read(accepted.fileno(), 100)
            r, w = os.pipe()
            os.write(w, ('pipe-' + tag).encode()); os.read(r, 100)
            a, b = socket.socketpair()
            a.send(('unix-' + tag).encode()); b.recv(100)
            print('done')
            """;

    @Test
    void ignoresTcpAndPipeTrafficOfAProcessAndStillCapturesItsUnixSocket() throws Exception {
        Prerequisite.requireCommands(SystemPython.PATH);
        String tag = UUID.randomUUID().toString();
        try (RealProcesses processes = new RealProcesses()) {
            RealProcesses.Finished python = processes.python(PYTHON_TCP_PIPE_THEN_UNIX, tag);
            assertEquals("done\n", python.output(), python.errors());
            recorder.awaitUntil(
                    "the unix message being received",
                    seen -> has(
                            seen,
                            c -> c.raw().pid() == python.pid()
                                    && c.raw().isReceive()
                                    && payload(c).equals("unix-" + tag)));
            List<String> payloads = recorder.ofPid(python.pid()).stream()
                    .map(UdsCaptureTest::payload)
                    .toList();
            assertTrue(payloads.contains("unix-" + tag), payloads.toString());
            assertEquals(
                    List.of(),
                    payloads.stream()
                            .filter(p -> p.startsWith("tcp") || p.startsWith("pipe"))
                            .toList(),
                    "only AF_UNIX calls become records");
        }
    }

    private static final String PYTHON_MMSG = """
            import ctypes, socket, sys
            libc = ctypes.CDLL(None, use_errno=True)
            class iovec(ctypes.Structure):
                _fields_ = [('base', ctypes.c_void_p), ('len', ctypes.c_size_t)]
            class msghdr(ctypes.Structure):
                _fields_ = [('name', ctypes.c_void_p), ('namelen', ctypes.c_uint32), ('iov', ctypes.POINTER(iovec)),
                            ('iovlen', ctypes.c_size_t), ('control', ctypes.c_void_p), ('controllen', ctypes.c_size_t),
                            ('flags', ctypes.c_int)]
            class mmsghdr(ctypes.Structure):
                _fields_ = [('hdr', msghdr), ('len', ctypes.c_uint32)]
            def vector(buffers, sizes):
                vec = (mmsghdr * len(buffers))()
                iovs = [iovec(ctypes.cast(b, ctypes.c_void_p), n) for b, n in zip(buffers, sizes)]
                for i, iov in enumerate(iovs):
                    vec[i].hdr.iov = ctypes.pointer(iov); vec[i].hdr.iovlen = 1
                return vec, iovs
            a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
            messages = [('mmsg-%d-' % i + sys.argv[1]).encode() for i in range(3)]
            out, keep = vector([ctypes.create_string_buffer(m, len(m)) for m in messages], [len(m) for m in messages])
            assert libc.sendmmsg(a.fileno(), out, 3, 0) == 3
            inbuf = [ctypes.create_string_buffer(100) for _ in range(3)]
            into, keep2 = vector(inbuf, [100] * 3)
            assert libc.recvmmsg(b.fileno(), into, 3, 0, None) == 3
            print(b'|'.join(inbuf[i].raw[:into[i].len] for i in range(3)).decode())
            """;

    @Test
    void reportsEachMessageOfSendmmsgAndRecvmmsgCalls() throws Exception {
        Prerequisite.requireCommands(SystemPython.PATH);
        String tag = UUID.randomUUID().toString();
        try (RealProcesses processes = new RealProcesses()) {
            RealProcesses.Finished python = processes.python(PYTHON_MMSG, tag);
            assertEquals(
                    "mmsg-0-" + tag + "|mmsg-1-" + tag + "|mmsg-2-" + tag + "\n", python.output(), python.errors());
            recorder.awaitUntil(
                    "the last message received by recvmmsg",
                    seen -> has(
                            seen,
                            c -> c.raw().pid() == python.pid()
                                    && c.raw().isReceive()
                                    && payload(c).equals("mmsg-2-" + tag)));
            for (int i = 0; i < 3; i++) {
                String message = "mmsg-" + i + "-" + tag;
                Recorder.Captured sent = find(
                        recorder.ofPid(python.pid()),
                        c -> c.raw().isSend() && payload(c).equals(message));
                assertEquals("sendmmsg", sent.raw().syscallName());
                assertEquals(i, sent.raw().arg(), "the message's index in the vector");
                assertEquals(message.length(), sent.events().getFirst().byteCount());
                Recorder.Captured received = find(
                        recorder.ofPid(python.pid()),
                        c -> c.raw().isReceive() && payload(c).equals(message));
                assertEquals("recvmmsg", received.raw().syscallName());
                assertEquals(message.length(), received.events().getFirst().byteCount());
            }
        }
    }

    private static final String PYTHON_ZERO_COPY = """
            import os, socket, sys, tempfile
            body = ('file-' + sys.argv[1]).encode()
            with tempfile.TemporaryFile() as f:
                f.write(body); f.flush()
                a, b = socket.socketpair()
                assert os.sendfile(a.fileno(), f.fileno(), 0, len(body)) == len(body)
                r, w = os.pipe()
                assert os.splice(b.fileno(), w, len(body)) == len(body)
                assert os.read(r, 100) == body
            print('done')
            """;

    @Test
    void countsBytesThatSendfileAndSpliceMoveWithoutAPayload() throws Exception {
        Prerequisite.requireCommands(SystemPython.PATH);
        String tag = UUID.randomUUID().toString();
        int length = ("file-" + tag).length();
        try (RealProcesses processes = new RealProcesses()) {
            RealProcesses.Finished python = processes.python(PYTHON_ZERO_COPY, tag);
            assertEquals("done\n", python.output(), python.errors());
            recorder.awaitUntil(
                    "the splice out of the socket",
                    seen -> has(
                            seen,
                            c -> c.raw().pid() == python.pid()
                                    && c.raw().isReceive()
                                    && c.raw().syscallName().equals("splice")));
            Recorder.Captured sent = find(
                    recorder.ofPid(python.pid()),
                    c -> c.raw().isSend() && c.raw().syscallName().equals("sendfile"));
            Recorder.Captured received = find(
                    recorder.ofPid(python.pid()),
                    c -> c.raw().isReceive() && c.raw().syscallName().equals("splice"));
            IoEvent send = sent.events().getFirst();
            IoEvent receive = received.events().getFirst();
            assertEquals(length, send.byteCount());
            assertEquals(0, send.payload().length, "the file's bytes never pass through user memory");
            assertEquals(length, receive.byteCount());
            assertEquals(send.connection().connectionId(), receive.connection().connectionId());
        }
    }

    @Test
    void leavesTheSidecarsOwnTrafficOut() throws Exception {
        Prerequisite.requireCommands(SystemPython.PATH);
        String own = "own-" + UUID.randomUUID();
        Path socket = dir.resolve("own.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(UNIX).bind(UnixDomainSocketAddress.of(socket));
                SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                SocketChannel accepted = server.accept()) {
            client.write(ByteBuffer.wrap(own.getBytes(StandardCharsets.UTF_8)));
            accepted.read(ByteBuffer.allocate(100));
        }
        String external = "external-" + UUID.randomUUID();
        try (RealProcesses processes = new RealProcesses()) {
            RealProcesses.Finished python = processes.python(
                    "import socket,sys\na,b=socket.socketpair()\na.send(sys.argv[1].encode()); b.recv(100)", external);
            recorder.awaitUntil(
                    "the external process's traffic, captured after ours",
                    seen -> has(
                            seen,
                            c -> c.raw().pid() == python.pid() && payload(c).equals(external)));
        }
        long self = ProcessHandle.current().pid();
        assertFalse(
                recorder.all().stream()
                        .anyMatch(c -> c.raw().pid() == self || payload(c).contains(own)),
                "the sidecar's own calls were captured");
    }

    private static boolean has(List<Recorder.Captured> seen, Predicate<Recorder.Captured> p) {
        return seen.stream().anyMatch(p);
    }

    private static Recorder.Captured find(List<Recorder.Captured> seen, Predicate<Recorder.Captured> p) {
        return seen.stream().filter(p).findFirst().orElseThrow(() -> new AssertionError("not captured"));
    }

    private static String payload(Recorder.Captured c) {
        return new String(c.raw().payload(), StandardCharsets.UTF_8);
    }

    private static IoEvent only(List<IoEvent> events, EventKind kind) {
        return events.stream()
                .filter(e -> e.kind() == kind)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in " + events));
    }

    private static String text(List<IoEvent> events, EventKind kind) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        events.stream().filter(e -> e.kind() == kind).forEach(e -> out.writeBytes(e.payload()));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static long sumBytes(List<IoEvent> events, EventKind kind) {
        return events.stream()
                .filter(e -> e.kind() == kind)
                .mapToLong(IoEvent::byteCount)
                .sum();
    }
}
