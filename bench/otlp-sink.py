#!/usr/bin/env python3
"""A trivial OTLP/HTTP receiver for benchmarks: answers every POST with 200 and an empty protobuf body
(an empty ExportTraceServiceResponse), counts requests and bytes, decodes nothing.
    bench/otlp-sink.py PORT      (prints the counts on SIGTERM)"""
import http.server
import signal
import sys

requests = 0
received = 0


class Sink(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        global requests, received
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        requests += 1
        received += length
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def stop(*_):
    print(f"otlp-sink: {requests} export requests, {received} bytes", file=sys.stderr, flush=True)
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
