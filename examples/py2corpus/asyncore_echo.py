#!/usr/bin/env python
# asyncore: an echo server and a client dispatcher in one loop.
import asyncore
import socket

class EchoHandler(asyncore.dispatcher_with_send):
    def handle_read(self):
        data = self.recv(8192)
        if data:
            self.send(data.upper())

class EchoServer(asyncore.dispatcher):
    def __init__(self):
        asyncore.dispatcher.__init__(self)
        self.create_socket(socket.AF_INET, socket.SOCK_STREAM)
        self.set_reuse_addr()
        self.bind(('127.0.0.1', 0))
        self.listen(5)

    def handle_accept(self):
        pair = self.accept()
        if pair is not None:
            sock, addr = pair
            EchoHandler(sock)

class Client(asyncore.dispatcher):
    def __init__(self, addr, message):
        asyncore.dispatcher.__init__(self)
        self.create_socket(socket.AF_INET, socket.SOCK_STREAM)
        self.connect(addr)
        self.buffer = message
        self.received = ''

    def handle_connect(self):
        pass

    def writable(self):
        return len(self.buffer) > 0

    def handle_write(self):
        sent = self.send(self.buffer)
        self.buffer = self.buffer[sent:]

    def handle_read(self):
        self.received += self.recv(8192)
        if len(self.received) >= 11:
            print 'client got', self.received
            self.close()

    def handle_close(self):
        self.close()

server = EchoServer()
client = Client(server.socket.getsockname(), 'hello async')
asyncore.loop(timeout=0.1, count=100)
print 'open dispatchers:', len(asyncore.socket_map)
server.close()
print 'after close:', len(asyncore.socket_map)
