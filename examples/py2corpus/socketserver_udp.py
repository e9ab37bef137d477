#!/usr/bin/env python
# SocketServer.UDPServer: the handler gets (data, socket) in self.request.
import SocketServer
import socket

class MyUDPHandler(SocketServer.BaseRequestHandler):
    def handle(self):
        data = self.request[0].strip()
        sock = self.request[1]
        print "{} wrote:".format(self.client_address[0])
        print data, type(data).__name__
        sock.sendto(data.upper(), self.client_address)

class DgramHandler(SocketServer.DatagramRequestHandler):
    def handle(self):
        line = self.rfile.readline().strip()
        self.wfile.write('got [%s]' % line)

client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
client.settimeout(5)
for handler, msg in [(MyUDPHandler, 'hello udp'), (DgramHandler, 'line one\nline two')]:
    server = SocketServer.UDPServer(('127.0.0.1', 0), handler)
    client.sendto(msg + "\n", server.server_address)
    server.handle_request()
    print "Received:", client.recv(1024)
    server.server_close()
client.close()
