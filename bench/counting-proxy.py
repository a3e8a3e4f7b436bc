#!/usr/bin/env python3
"""A loopback HTTP proxy in front of moto that counts AWS requests by operation, for bench/cold-start.sh.

usage: counting-proxy.py <listen port> <moto URL>; GET /__counts returns the counts since the last GET and resets them.
The operation is the X-Amz-Target suffix (JSON protocols) or the Action parameter (query protocols).
"""
import collections, http.client, http.server, json, sys, threading, urllib.parse

PORT, TARGET = int(sys.argv[1]), urllib.parse.urlparse(sys.argv[2])
counts, lock = collections.Counter(), threading.Lock()


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/__counts":
            with lock:
                body = json.dumps(dict(counts)).encode()
                counts.clear()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.forward()

    def do_POST(self):
        self.forward()

    def forward(self):
        try:
            self.relay()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client went away (a JVM exiting with a request in flight): nothing to answer

    def relay(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
        target = self.headers.get("X-Amz-Target")
        operation = target.split(".")[-1] if target else urllib.parse.parse_qs(body.decode()).get("Action", ["?"])[0]
        with lock:
            counts[operation] += 1
        upstream = http.client.HTTPConnection(TARGET.hostname, TARGET.port, timeout=30)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "keep-alive")}
        upstream.request(self.command, self.path, body=body, headers=headers)
        reply = upstream.getresponse()
        data = reply.read()
        self.send_response(reply.status)
        for key, value in reply.getheaders():
            if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        upstream.close()


http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Proxy).serve_forever()
