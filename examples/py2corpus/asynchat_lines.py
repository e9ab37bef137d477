#!/usr/bin/env python
# asynchat: a line-terminated command server driven by asyncore.loop.
import asynchat
import asyncore
import socket

class LineHandler(asynchat.async_chat):
    def __init__(self, sock):
        asynchat.async_chat.__init__(self, sock)
        self.set_terminator('\r\n')
        self.buffer = []

    def collect_incoming_data(self, data):
        self.buffer.append(data)

    def found_terminator(self):
        line = ''.join(self.buffer)
        self.buffer = []
        print 'server got line', repr(line)
        if line == 'BYE':
            self.push('bye\r\n')
            self.close_when_done()
        else:
            self.push('%d chars\r\n' % len(line))

class Server(asyncore.dispatcher):
    def __init__(self):
        asyncore.dispatcher.__init__(self)
        self.create_socket(socket.AF_INET, socket.SOCK_STREAM)
        self.bind(('127.0.0.1', 0))
        self.listen(1)

    def handle_accept(self):
        sock, addr = self.accept()
        LineHandler(sock)

server = Server()
c = socket.create_connection(server.socket.getsockname())
c.sendall('hello\r\nsecond line\r\nBYE\r\n')
replies = ''
c.setblocking(0)
for i in range(200):
    asyncore.loop(timeout=0.02, count=1)
    try:
        chunk = c.recv(1024)
    except socket.error:
        continue
    if not chunk:
        break
    replies += chunk
print replies.split('\r\n')
c.close()
server.close()
