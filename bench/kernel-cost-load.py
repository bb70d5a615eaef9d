#!/usr/bin/env python3
"""The workloads of bench/kernel-cost, one client and one server in this process over one Unix socket:
    kernel-cost-load.py grpc PATH N       N unary grpcio calls (HTTP/2: the kernel follows its frames)
    kernel-cost-load.py http1msg PATH N   N HTTP/1-shaped request/response round trips with sendmsg/recvmsg
                                          (two iovecs each way), the same syscalls without HTTP/2 framing
BODY=N in the environment: the HTTP/1-shaped response's body size (default 11 bytes)"""
import sys, time, os, socket, threading
mode, path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
if mode == "grpc":
    import grpc
    from concurrent import futures
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    h = {"SayHello": grpc.unary_unary_rpc_method_handler(lambda req, ctx: b"hello " + req)}
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler("demo.v1.Greeter", h),))
    server.add_insecure_port("unix:" + path); server.start()
    with grpc.insecure_channel("unix:" + path) as ch:
        f = ch.unary_unary("/demo.v1.Greeter/SayHello")
        t = time.time()
        for i in range(n): f(b"world")
        print("grpc", n, "calls", round(n / (time.time() - t)), "per s")
    server.stop(0)
else:
    if os.path.exists(path): os.unlink(path)
    srv = socket.socket(socket.AF_UNIX); srv.bind(path); srv.listen(1)
    def serve():
        c, _ = srv.accept()
        while True:
            d = c.recv(4096)
            if not d: break
            c.sendmsg([head, body]) if mode == "http1msg" else c.sendall(head + body)
    body = (b"hello world" * 1000)[:int(os.environ.get("BODY", "11"))]
    head = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body)
    threading.Thread(target=serve, daemon=True).start()
    cl = socket.socket(socket.AF_UNIX); cl.connect(path)
    t = time.time()
    for i in range(n):
        req = b"POST /demo.v1.Greeter/SayHello HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nworld"
        if mode == "http1msg":
            cl.sendmsg([req[:40], req[40:]])
            got = 0
            while got < len(head) + len(body): got += len(cl.recvmsg(65536)[0])
        else:
            cl.sendall(req)
            got = 0
            while got < len(head) + len(body): got += len(cl.recv(65536))
    print(mode, n, "calls", round(n / (time.time() - t)), "per s")
    cl.close()
