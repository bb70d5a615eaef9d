"""A real grpcio server (unary, server streaming, error) and client on a unix: target."""
import sys, time, grpc
from concurrent import futures

def say_hello(request, context):
    context.set_trailing_metadata((("x-trace-note", "done"),))
    return b"hello " + request

def count(request, context):
    for i in range(3):
        yield b"item-%d" % i

def big(request, context):
    return b"x" * 20000  # DATA frames past any per-call copy, then the trailers, in one write

def fail(request, context):
    context.abort(grpc.StatusCode.NOT_FOUND, "no such thing")

HANDLERS = {
    "SayHello": grpc.unary_unary_rpc_method_handler(say_hello),
    "Count": grpc.unary_stream_rpc_method_handler(count),
    "Fail": grpc.unary_unary_rpc_method_handler(fail),
    "Big": grpc.unary_unary_rpc_method_handler(big),
}

def serve(path):
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler("demo.v1.Greeter", HANDLERS),))
    server.add_insecure_port("unix:" + path)
    server.start()
    print("serving", flush=True)
    server.wait_for_termination()

def call(path, calls):
    with grpc.insecure_channel("unix:" + path) as channel:
        for c in calls.split(","):
            if c == "unary":
                print(channel.unary_unary("/demo.v1.Greeter/SayHello")(b"world",
                      metadata=(("authorization", "Bearer s3cret-token"),
                                ("x-api-key", "k3y-7f1e9c2ab5d8"))).decode())
            elif c == "stream":
                print([m.decode() for m in channel.unary_stream("/demo.v1.Greeter/Count")(b"go")])
            elif c == "big":
                print(len(channel.unary_unary("/demo.v1.Greeter/Big")(b"big")))
            elif c == "wait":
                print("waiting", flush=True)
                sys.stdin.readline()
            elif c == "error":
                try:
                    channel.unary_unary("/demo.v1.Greeter/Fail")(b"x")
                except grpc.RpcError as e:
                    print(e.code().name)

if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2])
    else:
        call(sys.argv[2], sys.argv[3])
