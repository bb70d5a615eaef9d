package dev.udsotel.sidecar.capture;

/** python3 programs that play the peers of the robustness tests, run with {@code python3 -c <program> <args>}. */
public final class PythonPeers {
    private PythonPeers() {}

    /** Connects, writes 14 bytes and kills itself with SIGKILL: its socket is never closed. */
    public static final String KILLED_CLIENT = """
            import os, socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(sys.argv[1])
            s.sendall(b'half a request')
            os.kill(os.getpid(), 9)
            """;

    /** {@code <path> <count>}: count connections, each a 4-byte ping and a 4-byte pong, then closed. */
    public static final String SHORT_CONNECTIONS = """
            import socket, sys, threading
            path, count = sys.argv[1], int(sys.argv[2])
            srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            srv.bind(path)
            srv.listen(128)
            def serve():
                for _ in range(count):
                    c, _ = srv.accept()
                    c.recv(16)
                    c.sendall(b'pong')
                    c.close()
            t = threading.Thread(target=serve)
            t.start()
            for _ in range(count):
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(path)
                s.sendall(b'ping')
                s.recv(16)
                s.close()
            t.join()
            """;
}
