"""A Python http.server for a Java client; serves a folder, N requests: http_serve.py DIR N"""
import functools
import sys
from http.server import HTTPServer, SimpleHTTPRequestHandler


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


handler = functools.partial(Quiet, directory=sys.argv[1])
server = HTTPServer(("127.0.0.1", 0), handler)
print("listening on 127.0.0.1:%d" % server.server_address[1], flush=True)
for _ in range(int(sys.argv[2])):
    server.handle_request()
server.server_close()
print("served")
