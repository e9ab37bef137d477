#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""Line echo server on SocketServer.TCPServer + StreamRequestHandler, written for Python 2.

Each client is served in turn: every line it sends comes back unchanged until it closes.

Run:
    ./pysock run examples/socketserver/echo_server2.py [HOST [PORT]] [--max-clients N]
    python2 examples/socketserver/echo_server2.py [HOST [PORT]] [--max-clients N]

HOST defaults to 127.0.0.1 and PORT to 9999 (0 picks a free port). When ready it prints
"listening on HOST:PORT" with the real port. With --max-clients N it serves N clients, then
closes the server and exits with status 0; without it, it serves until Ctrl-C.
Client: examples/socketserver/echo_client.py.
"""
import sys
import SocketServer


class EchoHandler(SocketServer.StreamRequestHandler):
    def handle(self):
        print "connection from %s:%d" % self.client_address
        sys.stdout.flush()
        lines = 0
        while True:
            line = self.rfile.readline()
            if not line:
                break
            self.wfile.write(line)
            lines = lines + 1
        print "%s:%d closed after %d lines" % (self.client_address + (lines,))
        sys.stdout.flush()


class EchoServer(SocketServer.TCPServer):
    allow_reuse_address = True


host = '127.0.0.1'
port = 9999
max_clients = None
positional = []
args = sys.argv[1:]
while args:
    arg = args.pop(0)
    if arg == '--max-clients':
        max_clients = int(args.pop(0))
    else:
        positional.append(arg)
if len(positional) > 0:
    host = positional[0]
if len(positional) > 1:
    port = int(positional[1])

server = EchoServer((host, port), EchoHandler)
print "listening on %s:%d" % server.server_address
sys.stdout.flush()
try:
    if max_clients is None:
        server.serve_forever()
    else:
        for i in range(max_clients):
            server.handle_request()
finally:
    server.server_close()
print "echo server stopped"
sys.stdout.flush()
