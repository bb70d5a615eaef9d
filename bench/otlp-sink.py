#!/usr/bin/env python3
"""An OTLP/HTTP receiver for benchmarks, in a process of its own: answers every POST with 200 and an empty protobuf
body, and counts what arrived. Spans are counted by walking the protobuf envelope of /v1/traces (ResourceSpans ->
ScopeSpans -> spans; each span's body is skipped, not decoded), metrics requests by their path.
    bench/otlp-sink.py PORT      (prints the counts on SIGTERM)
    curl -s http://127.0.0.1:PORT/counts   ->   "spans S trace_requests T metric_requests M bytes B"
A benchmark reads /counts before and after a run: the difference is what that run exported."""
import http.server
import signal
import sys
import threading

lock = threading.Lock()
counts = {"spans": 0, "trace_requests": 0, "metric_requests": 0, "bytes": 0}


def varint(buf, i):
    shift = value = 0
    while True:
        b = buf[i]
        i += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, i
        shift += 7


def length_delimited(buf, number):
    """The bodies of the length-delimited fields numbered `number` at the top level of `buf`."""
    i, end = 0, len(buf)
    while i < end:
        key, i = varint(buf, i)
        wire = key & 7
        if wire == 0:
            _, i = varint(buf, i)
        elif wire == 1:
            i += 8
        elif wire == 5:
            i += 4
        elif wire == 2:
            size, i = varint(buf, i)
            if key >> 3 == number:
                yield buf[i:i + size]
            i += size
        else:
            raise ValueError(f"wire type {wire}")


def spans_in(request):
    # ExportTraceServiceRequest.resource_spans = 1, ResourceSpans.scope_spans = 2, ScopeSpans.spans = 2
    return sum(1 for rs in length_delimited(request, 1) for ss in length_delimited(rs, 2) for _ in length_delimited(ss, 2))


class Sink(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = memoryview(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        spans = 0
        if self.path.endswith("/v1/traces"):
            try:
                spans = spans_in(body)
            except (ValueError, IndexError) as e:
                print(f"otlp-sink: a trace request that is not OTLP protobuf ({e})", file=sys.stderr, flush=True)
        with lock:
            counts["bytes"] += len(body)
            counts["spans"] += spans
            counts["trace_requests" if self.path.endswith("/v1/traces") else "metric_requests"] += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        with lock:
            text = " ".join(f"{k} {v}" for k, v in counts.items()) + "\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        self.wfile.write(text.encode())

    def log_message(self, *args):
        pass


def stop(*_):
    print("otlp-sink: " + ", ".join(f"{v} {k}" for k, v in counts.items()), file=sys.stderr, flush=True)
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
