"""A small JSON HTTP server (standard library only), the peer of requests_get.py and urllib3_get.py.

Usage: json_server.py [HOST [PORT]]   (default 127.0.0.1 8080; port 0 picks a free one)
GET /hello -> {"hello": "world"}; POST /echo -> the JSON body back, with its length;
GET /redirect -> 302 to /hello. It prints "listening on HOST:PORT" when ready.
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/hello":
            self.reply(200, {"hello": "world"})
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/hello")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.reply(404, {"error": "no such page"})

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.reply(200, {"echo": body, "length": int(self.headers["Content-Length"])})

    def log_message(self, *args):
        pass  # quiet: the scenario checks stdout


host = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
port = int(sys.argv[2]) if len(sys.argv) > 2 else 8080
server = ThreadingHTTPServer((host, port), Handler)
print("listening on %s:%d" % server.server_address[:2], flush=True)
server.serve_forever()
