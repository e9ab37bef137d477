#!/usr/bin/env python
# The SocketServer documentation example: BaseRequestHandler upper-casing what it gets.
import SocketServer
import socket
import threading

class MyTCPHandler(SocketServer.BaseRequestHandler):
    def handle(self):
        self.data = self.request.recv(1024).strip()
        print "{} wrote:".format(self.client_address[0])
        print self.data
        self.request.sendall(self.data.upper())

server = SocketServer.TCPServer(('127.0.0.1', 0), MyTCPHandler)
HOST, PORT = server.server_address

def client(data):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.connect((HOST, PORT))
        sock.sendall(data + "\n")
        received = sock.recv(1024)
    finally:
        sock.close()
    print "Sent:     {}".format(data)
    print "Received: {}".format(received)

for data in ['hello world', 'second request']:
    t = threading.Thread(target=client, args=(data,))
    t.start()
    server.handle_request()
    t.join()
server.server_close()
