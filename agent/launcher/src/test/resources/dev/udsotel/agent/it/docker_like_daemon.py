# A Docker-like daemon on a Unix socket: answers every request with the JSON of GET /version; closes the connection
# after a request that says "Connection: close", else waits for the next request on it.
import os, socket, sys, threading
path = sys.argv[1]
if os.path.exists(path): os.unlink(path)
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.bind(path); s.listen(16)
print("listening", flush=True)
body = b'{"Version":"24.0.7","ApiVersion":"1.47"}'

def serve(c):
    with c:
        data = b''
        while True:
            while b'\r\n\r\n' not in data:
                chunk = c.recv(4096)
                if not chunk: return
                data += chunk
            head, data = data.split(b'\r\n\r\n', 1)
            c.sendall(b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n' % len(body) + body)
            if b'connection: close' in head.lower(): return

while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
