#!/usr/bin/env python
# SimpleXMLRPCServer in a thread, xmlrpclib.ServerProxy calling it.
import SimpleXMLRPCServer
import threading
import xmlrpclib

class Quiet(SimpleXMLRPCServer.SimpleXMLRPCRequestHandler):
    def log_message(self, *args):
        pass

server = SimpleXMLRPCServer.SimpleXMLRPCServer(('127.0.0.1', 0), requestHandler=Quiet, logRequests=False)
server.register_introspection_functions()
server.register_function(lambda a, b: a + b, 'add')
server.register_function(lambda s: s[::-1], 'reverse')
server.register_function(lambda: {'name': 'corpus', 'n': 3}, 'info')
t = threading.Thread(target=server.serve_forever)
t.setDaemon(True)
t.start()
proxy = xmlrpclib.ServerProxy('http://127.0.0.1:%d/' % server.server_address[1])
print proxy.add(2, 3)
print proxy.add('con', 'cat')
print proxy.reverse('stressed')
print sorted(proxy.info().items())
print sorted(m for m in proxy.system.listMethods() if not m.startswith('system.'))
try:
    proxy.nosuch()
except xmlrpclib.Fault, f:
    print 'fault', f.faultCode
server.shutdown()
server.server_close()
