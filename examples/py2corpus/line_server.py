#!/usr/bin/env python
# A SocketServer line server: answers each line with its length and a checksum, two clients.
import SocketServer
import zlib

class Handler(SocketServer.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:
            line = line.rstrip('\r\n')
            if line == 'quit':
                break
            self.wfile.write('%d %08x %s\n' % (len(line), zlib.crc32(line) & 0xffffffff, line.upper()))
        print 'client done'

SocketServer.TCPServer.allow_reuse_address = True
server = SocketServer.TCPServer(('127.0.0.1', 50099), Handler)
for i in range(2):
    server.handle_request()
server.server_close()
