"""A Python xmlrpc.server for a Java client; serves N requests: xmlrpc_serve.py N"""
import sys
from xmlrpc.server import SimpleXMLRPCServer

server = SimpleXMLRPCServer(("127.0.0.1", 0), logRequests=False)
server.register_function(lambda a, b: a + b, "add")
server.register_function(lambda s: s.upper(), "shout")
print("listening on 127.0.0.1:%d" % server.server_address[1], flush=True)
for _ in range(int(sys.argv[1])):
    server.handle_request()
server.server_close()
print("served")
