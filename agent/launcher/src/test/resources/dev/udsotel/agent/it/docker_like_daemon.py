# A Docker-like daemon on a Unix socket: answers every request with the JSON of GET /version, then closes.
import os, socket, sys
path = sys.argv[1]
if os.path.exists(path): os.unlink(path)
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.bind(path); s.listen(16)
print("listening", flush=True)
body = b'{"Version":"24.0.7","ApiVersion":"1.47"}'
while True:
    c, _ = s.accept()
    data = b''
    while b'\r\n\r\n' not in data:
        chunk = c.recv(4096)
        if not chunk: break
        data += chunk
    c.sendall(b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n' % len(body) + body)
    c.close()
